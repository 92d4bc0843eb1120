package io.berth.image.registry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {

    @Test
    void parseBody_distributionErrorsWithObjectDetail() {
        List<RegistryError> errors = RegistryError.parseBody(utf8(
                "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{\"Tag\":\"x\"}}]}"));
        assertEquals(List.of(new RegistryError("MANIFEST_UNKNOWN", "manifest unknown", "{\"Tag\":\"x\"}")), errors);
    }

    @Test
    void parseBody_tokenServerShapesAndGarbage() {
        assertEquals("incorrect username or password",
                RegistryError.parseBody(utf8("{\"details\":\"incorrect username or password\"}")).get(0).message());
        assertEquals(List.of(), RegistryError.parseBody(utf8("400 Bad Request")));
        assertEquals(List.of(), RegistryError.parseBody(new byte[0]));
    }

    @Test
    void toException_typeFollowsWhatTheCallerMustDecide() {
        assertInstanceOf(RegistryUnauthorizedException.class, ErrorResponses.toException("x", response(401, "")));
        assertInstanceOf(RegistryUnauthorizedException.class, ErrorResponses.toException("x", response(403, "")));
        assertInstanceOf(RegistryNotFoundException.class, ErrorResponses.toException("x", response(404, "")));
        assertInstanceOf(RegistryNotFoundException.class, ErrorResponses.toException("x",
                response(400, "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}")));
        assertEquals(RegistryException.class, ErrorResponses.toException("x", response(500, "")).getClass());
    }

    @Test
    void toException_messageNamesTheActionAndTheRegistrysWords() {
        RegistryException e = ErrorResponses.toException("check blob exists for r/demo with digest sha256:00",
                response(400, "{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"provided digest did not match uploaded content\"},"
                        + "{\"code\":\"SIZE_INVALID\",\"message\":\"provided length did not match content length\"}]}"));
        assertEquals("Tried to check blob exists for r/demo with digest sha256:00 but failed because: "
                + "provided digest did not match uploaded content; provided length did not match content length",
                e.getMessage());
        assertEquals(400, e.statusCode());
    }

    @Test
    void toException_withoutAnErrorBodySaysTheStatusAndTheText() {
        assertEquals("Tried to x but failed because: registry answered HTTP 502: Bad Gateway",
                ErrorResponses.toException("x", response(502, "Bad Gateway\n")).getMessage());
        assertEquals("Tried to x but failed because: registry answered HTTP 404",
                ErrorResponses.toException("x", response(404, "")).getMessage());
    }

    private static RegistryResponse response(int status, String body) {
        return new RegistryResponse(status, HttpHeaders.of(Map.of(), (a, b) -> true), utf8(body),
                URI.create("http://127.0.0.1:5000/v2/"));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
