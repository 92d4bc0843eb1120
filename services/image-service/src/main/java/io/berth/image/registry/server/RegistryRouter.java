package io.berth.image.registry.server;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The OCI distribution API on image-service's HTTP port. One Vert.x route takes every {@code /v2} path; this class
 * matches it against the API's paths itself, because repository names contain slashes and a name that breaks the
 * grammar must be answered NAME_INVALID rather than "not found". Every request then runs on a worker thread (file
 * and Kafka I/O block), behind {@link RegistryAuth}, with errors answered in one place ({@link RegistryResponses#error}).
 *
 * <pre>
 * GET  /v2/                                  200 {}             (401 + WWW-Authenticate when auth is on)
 * GET  /v2/token?service=&amp;scope=              token endpoint      (auth on only)
 * GET  /v2/_catalog?n=&amp;last=                   {"repositories"}   + Link
 * GET  /v2/&lt;name&gt;/tags/list?n=&amp;last=           {"name","tags"}    + Link
 * GET|HEAD|PUT|DELETE /v2/&lt;name&gt;/manifests/&lt;tag|digest&gt;
 * GET|HEAD|DELETE     /v2/&lt;name&gt;/blobs/&lt;digest&gt;              (Range: 206)
 * POST                /v2/&lt;name&gt;/blobs/uploads/[?digest=|?mount=&amp;from=]
 * GET|PATCH|PUT|DELETE /v2/&lt;name&gt;/blobs/uploads/&lt;uuid&gt;[?digest=]
 * </pre>
 */
@ApplicationScoped
public class RegistryRouter {
    private static final Logger LOG = Logger.getLogger(RegistryRouter.class);
    /** Before Quarkus' body-size limit (order -2), which is meant for buffered bodies: uploads stream to disk. */
    private static final int ORDER = -3;

    @FunctionalInterface
    interface Endpoint {
        void handle(RegistryExchange ex) throws Exception;
    }

    /** An API path: its pattern (group 1 = repository name, if any) and the endpoint of each method. */
    private record Path(Pattern pattern, Map<HttpMethod, Endpoint> methods) {
    }

    private record Match(Path path, List<String> params) {
    }

    private final RegistryAuth auth;
    private final TokenEndpoint token;
    private final List<Path> paths;

    RegistryRouter(RegistryAuth auth, TokenEndpoint token, ManifestEndpoints manifests, BlobEndpoints blobs,
                   UploadEndpoints uploads, ListingEndpoints listings) {
        this.auth = auth;
        this.token = token;
        this.paths = List.of(
                new Path(Pattern.compile("/v2/?"), Map.of(HttpMethod.GET, RegistryResponses::emptyObject, HttpMethod.HEAD, RegistryResponses::emptyObject)),
                new Path(Pattern.compile("/v2/_catalog"), Map.of(HttpMethod.GET, listings::catalog)),
                new Path(Pattern.compile("/v2/(.+)/tags/list"), Map.of(HttpMethod.GET, listings::tags)),
                new Path(Pattern.compile("/v2/(.+)/manifests/([^/]+)"), Map.of(HttpMethod.GET, manifests::get,
                        HttpMethod.HEAD, manifests::get, HttpMethod.PUT, manifests::put, HttpMethod.DELETE, manifests::delete)),
                new Path(Pattern.compile("/v2/(.+)/blobs/uploads/?"), Map.of(HttpMethod.POST, uploads::start)),
                new Path(Pattern.compile("/v2/(.+)/blobs/uploads/([^/]+)"), Map.of(HttpMethod.GET, uploads::status,
                        HttpMethod.PATCH, uploads::patch, HttpMethod.PUT, uploads::finish, HttpMethod.DELETE, uploads::cancel)),
                new Path(Pattern.compile("/v2/(.+)/blobs/([^/]+)"), Map.of(HttpMethod.GET, blobs::get, HttpMethod.HEAD, blobs::get,
                        HttpMethod.DELETE, blobs::delete)));
    }

    void install(@Observes Router router) {
        router.routeWithRegex("^/v2(/.*)?$").order(ORDER).handler(this::dispatch);
    }

    private void dispatch(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        Context context = Vertx.currentContext();
        RequestBodyStream body = new RequestBodyStream(request, context); // pauses the request before any byte is lost
        request.response().putHeader("Docker-Distribution-Api-Version", "registry/2.0").putHeader("X-Content-Type-Options", "nosniff");
        String path = decode(request.path());
        Match match = match(path);
        RegistryExchange ex = new RegistryExchange(request, context, body, match == null ? List.of() : match.params());
        routing.vertx().executeBlocking(() -> {
            serve(ex, path, match);
            return null;
        }, false);
    }

    private void serve(RegistryExchange ex, String path, Match match) {
        try {
            if (path.equals("/v2/token")) {
                if (ex.method() != HttpMethod.GET) {
                    RegistryResponses.pageNotFound(ex);
                    return;
                }
                token.issue(ex);
                return;
            }
            auth.authenticate(ex, scope(path, match, ex.method()));
            if (match == null) {
                RegistryResponses.pageNotFound(ex);
                return;
            }
            Endpoint endpoint = match.path().methods().get(ex.method());
            if (endpoint == null) {
                throw new RegistryException(RegistryError.UNSUPPORTED, ex.method() + " is not supported on " + path, null);
            }
            endpoint.handle(ex);
        } catch (RegistryException e) {
            RegistryResponses.error(ex, e);
        } catch (Exception | Error e) {
            LOG.errorf(e, "%s %s failed", ex.method(), path);
            RegistryResponses.error(ex, new RegistryException(RegistryError.UNKNOWN, String.valueOf(e.getMessage())));
        }
    }

    private Match match(String path) {
        for (Path p : paths) {
            Matcher m = p.pattern().matcher(path);
            if (m.matches()) {
                List<String> params = new ArrayList<>();
                for (int g = 1; g <= m.groupCount(); g++) {
                    params.add(m.group(g));
                }
                return new Match(p, params);
            }
        }
        return null;
    }

    /** The access a request needs, as a token scope: pull to read, push to change. */
    private static String scope(String path, Match match, HttpMethod method) {
        if (path.equals("/v2/_catalog")) {
            return "registry:catalog:*";
        }
        if (match == null || match.params().isEmpty()) {
            return null;
        }
        boolean reads = method == HttpMethod.GET || method == HttpMethod.HEAD;
        return "repository:" + match.params().get(0) + (reads ? ":pull" : ":pull,push");
    }

    /** Percent-decodes the path ('+' stays a '+'): clients may encode the ':' of a digest. */
    private static String decode(String rawPath) {
        if (rawPath.indexOf('%') < 0) {
            return rawPath;
        }
        try {
            return URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return rawPath; // a malformed escape matches no valid name or digest and is refused as such
        }
    }
}
