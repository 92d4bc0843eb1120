package io.berth.image.registry.client;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Optional;

/** A finished response: status, headers, the buffered body (empty when it was streamed elsewhere) and its URI. */
record RegistryResponse(int status, HttpHeaders headers, byte[] body, URI uri) {

    Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    List<String> challenges() {
        return headers.allValues("WWW-Authenticate");
    }

    /** The Location header resolved against this response's URI (registries send relative and absolute forms). */
    Optional<URI> location() {
        return header("Location").map(value -> uri.resolve(value.strip()));
    }
}
