package io.berth.image.registry.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes answers as registry 2.8 does: JSON as {@code application/json; charset=utf-8} with a trailing newline, errors as
 * {@code {"errors":[{"code","message","detail"}]}} whatever the Accept header, and no body for HEAD (but its length).
 */
final class RegistryResponses {
    static final String JSON = "application/json; charset=utf-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A refused request body up to this size is read and dropped; a larger one closes the connection instead. */
    private static final long DRAIN_LIMIT = 16 * 1024 * 1024;

    private RegistryResponses() {
    }

    static void json(RegistryExchange ex, int status, Object value) {
        send(ex, status, JSON, toJson(value));
    }

    /** {@code GET /v2/}'s body, which registry 2.8 sends without a newline. */
    static void emptyObject(RegistryExchange ex) {
        send(ex, 200, JSON, "{}".getBytes(StandardCharsets.UTF_8));
    }

    /** An answer with no content, as 201, 202 and 204 are. */
    static void empty(RegistryExchange ex, int status) {
        HttpServerResponse r = ex.response().setStatusCode(status);
        if (status != 204 && status != 304) {
            r.putHeader("Content-Length", "0");
        }
        afterEnd(ex, r.end());
    }

    static void error(RegistryExchange ex, RegistryException e) {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (RegistryException.Entry entry : e.entries()) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", entry.error().code());
            error.put("message", entry.message());
            error.put("detail", entry.detail());
            errors.add(error);
        }
        HttpServerResponse r = ex.response();
        if (!r.headWritten()) {
            prepareForUnreadBody(ex);
            send(ex, e.status(), JSON, toJson(Map.of("errors", errors)));
        } else {
            ex.request().connection().close(); // a failure after the answer began: the client must not take it as complete
        }
    }

    /** What registry 2.8 answers for a path outside the API: Go's plain 404. */
    static void pageNotFound(RegistryExchange ex) {
        prepareForUnreadBody(ex);
        send(ex, 404, "text/plain; charset=utf-8", "404 page not found\n".getBytes(StandardCharsets.UTF_8));
    }

    private static void send(RegistryExchange ex, int status, String contentType, byte[] body) {
        HttpServerResponse r = ex.response().setStatusCode(status).putHeader("Content-Type", contentType)
                .putHeader("Content-Length", Integer.toString(body.length));
        afterEnd(ex, ex.isHead() ? r.end() : r.end(Buffer.buffer(body)));
    }

    /** After the answer: close if it said so, and let an unread request body flow past. */
    static void afterEnd(RegistryExchange ex, Future<Void> ended) {
        if ("close".equalsIgnoreCase(ex.response().headers().get("Connection"))) {
            ended.onComplete(v -> ex.request().connection().close());
        }
        if (!ex.body().isEnded()) {
            ex.body().release();
        }
    }

    /**
     * Before refusing a request whose body was not read: read a small body to its end, so the client, which may still
     * be sending, gets the answer on an intact connection; for a large one, answer and close.
     */
    private static void prepareForUnreadBody(RegistryExchange ex) {
        if (ex.body().isEnded()) {
            return;
        }
        long declared = declaredBodyLength(ex);
        if (declared <= DRAIN_LIMIT || declared == Long.MAX_VALUE) { // a chunked body of unknown length gets a chance too
            try {
                ex.body().skip(DRAIN_LIMIT);
            } catch (IOException brokenOff) {
                // the client is gone or broke off; the answer below may still reach it
            }
        }
        if (!ex.body().isEnded()) {
            ex.response().putHeader("Connection", "close");
        }
    }

    /** The Content-Length of the request, or Long.MAX_VALUE for a chunked body of unknown length. */
    static long declaredBodyLength(RegistryExchange ex) {
        String length = ex.header("Content-Length");
        if (length != null) {
            try {
                return Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return Long.MAX_VALUE;
            }
        }
        return ex.header("Transfer-Encoding") != null ? Long.MAX_VALUE : 0;
    }

    static byte[] toJson(Object value) {
        try {
            byte[] json = MAPPER.writeValueAsBytes(value);
            byte[] withNewline = new byte[json.length + 1];
            System.arraycopy(json, 0, withNewline, 0, json.length);
            withNewline[json.length] = '\n';
            return withNewline;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
