package io.berth.gateway.api.docker;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.regex.Matcher;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every Docker Engine API response needs, in one place: the headers the CLI reads ({@code Api-Version},
 * {@code Ostype}, {@code Docker-Experimental}, {@code Server}) and the {@code /v1.NN} path prefix, checked against
 * the supported range and stripped, so each resource is written once for all versions.
 */
@ApplicationScoped
public class DockerApiFilter {
    private final String server;

    public DockerApiFilter(@ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.server = "Berth/" + version + " (linux)";
    }

    @RouteFilter(1000)
    void apply(RoutingContext rc) {
        // Set just before the headers go out: a reroute (below) starts the response over.
        rc.addHeadersEndHandler(v -> rc.response().headers()
                .set("Api-Version", DockerApiVersion.MAX)
                .set("Docker-Experimental", "false")
                .set("Ostype", "linux")
                .set("Server", server));
        Matcher m = DockerApiVersion.prefix(rc.normalizedPath());
        if (m == null) {
            rc.next();
            return;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        String requested = major + "." + minor;
        if (DockerApiVersion.compare(major, minor, DockerApiVersion.MAX) > 0) {
            rc.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end("{\"message\":\"client version " + requested + " is too new. Maximum supported API version is "
                            + DockerApiVersion.MAX + "\"}\n");
            return;
        }
        if (DockerApiVersion.compare(major, minor, DockerApiVersion.MIN) < 0) {
            rc.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .end("client version " + requested + " is too old. Minimum supported API version is "
                            + DockerApiVersion.MIN + ", please upgrade your client to a newer version\n");
            return;
        }
        String rest = m.group(3);
        String query = rc.request().query();
        rc.reroute(query == null ? rest : rest + "?" + query);
    }
}
