package io.berth.image.registry.client;

import java.net.URI;
import java.util.Locale;

/** A registry reached over one scheme: {@code https://registry-1.docker.io} or {@code http://127.0.0.1:5000}. */
public record RegistryEndpoint(String scheme, String registry) {

    public RegistryEndpoint {
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException("scheme must be https or http, not " + scheme);
        }
    }

    /** {@code pathAndQuery} starts with '/', e.g. {@code /v2/demo/tags/list}. */
    public URI resolve(String pathAndQuery) {
        return URI.create(scheme + "://" + registry + pathAndQuery);
    }

    /** Same scheme, host and port: only such requests may carry this registry's credentials. */
    public boolean isOriginOf(URI uri) {
        return sameOrigin(resolve("/"), uri);
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
    }

    @Override
    public String toString() {
        return scheme + "://" + registry;
    }
}
