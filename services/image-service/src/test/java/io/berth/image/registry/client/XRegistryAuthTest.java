package io.berth.image.registry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class XRegistryAuthTest {
    private static final String CLI_JSON =
            "{\"username\":\"testuser\",\"password\":\"testpassword\",\"serveraddress\":\"127.0.0.1:5000\"}";

    @Test
    void decode_paddedBase64UrlAsTheCliSendsIt() {
        XRegistryAuth auth = XRegistryAuth.decode(Base64.getUrlEncoder().encodeToString(utf8(CLI_JSON)));
        assertEquals(RegistryCredentials.basic("testuser", "testpassword"), auth.credentials());
        assertEquals("127.0.0.1:5000", auth.serverAddress());
    }

    @Test
    void decode_unpaddedAndStandardAlphabet() {
        String json = "{\"username\":\"a?>~\",\"password\":\"p>>?\"}"; // bytes that encode to '+', '/', '-', '_'
        String unpadded = Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(json));
        String standard = Base64.getEncoder().encodeToString(utf8(json));
        assertEquals("a?>~", XRegistryAuth.decode(unpadded).credentials().username());
        assertEquals("p>>?", XRegistryAuth.decode(standard).credentials().password());
    }

    @Test
    void decode_emptyObjectOrNoHeaderIsAnonymous() {
        assertTrue(XRegistryAuth.decode("e30=").credentials().isAnonymous());
        assertTrue(XRegistryAuth.decode("e30").credentials().isAnonymous());
        assertTrue(XRegistryAuth.decode(null).credentials().isAnonymous());
        assertTrue(XRegistryAuth.decode("").credentials().isAnonymous());
    }

    @Test
    void decode_identityTokenAndGoStyleFieldNames() {
        String json = "{\"Username\":\"u\",\"identitytoken\":\"refresh-me\",\"ServerAddress\":\"r\"}";
        XRegistryAuth auth = XRegistryAuth.decode(Base64.getUrlEncoder().encodeToString(utf8(json)));
        assertEquals("refresh-me", auth.credentials().identityToken());
        assertEquals("u", auth.credentials().username());
        assertNull(auth.credentials().password());
        assertEquals("r", auth.serverAddress());
    }

    @Test
    void decode_legacyAuthField() {
        String pair = Base64.getEncoder().encodeToString(utf8("user:pa:ss"));
        String json = "{\"auth\":\"" + pair + "\"}";
        RegistryCredentials credentials = XRegistryAuth.decode(Base64.getUrlEncoder().encodeToString(utf8(json)))
                .credentials();
        assertEquals(RegistryCredentials.basic("user", "pa:ss"), credentials);
    }

    @Test
    void decode_invalidHeaderIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> XRegistryAuth.decode("!!!not base64"));
        assertThrows(IllegalArgumentException.class,
                () -> XRegistryAuth.decode(Base64.getUrlEncoder().encodeToString(utf8("[1,2]"))));
    }

    @Test
    void toString_hidesSecrets() {
        String text = RegistryCredentials.basic("testuser", "testpassword").toString();
        assertTrue(text.contains("testuser") && !text.contains("testpassword"), text);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
