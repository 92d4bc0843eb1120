package io.berth.image.registry.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;

/**
 * A request body that can be sent more than once (a 401 retry resends it), so streams come from an opener.
 * A negative length means unknown (sent chunked).
 */
record RequestBody(String contentType, long length, Opener opener) {

    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    static RequestBody bytes(String contentType, byte[] bytes) {
        return new RequestBody(contentType, bytes.length, () -> new ByteArrayInputStream(bytes));
    }

    HttpRequest.BodyPublisher publisher() {
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return opener.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return length < 0 ? stream : HttpRequest.BodyPublishers.fromPublisher(stream, length);
    }
}
