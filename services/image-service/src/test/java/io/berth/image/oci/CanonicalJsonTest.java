package io.berth.image.oci;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.contracts.types.Digest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
    private static final Digest Z = new Digest("sha256", "0".repeat(64));
    private static final String Z_JSON = "\"digest\":\"" + Z + "\"";

    @Test
    void write_descriptor_omitsEmptyOptionalFields() {
        assertEquals("{\"mediaType\":\"" + MediaTypes.OCI_LAYER_TAR + "\"," + Z_JSON + ",\"size\":7}",
                text(Descriptor.of(MediaTypes.OCI_LAYER_TAR, Z, 7)));
    }

    @Test
    void write_descriptor_fieldsInSpecOrderAndAnnotationsSorted() {
        Map<String, String> unsorted = new LinkedHashMap<>();
        unsorted.put("z", "1");
        unsorted.put("a", "2");
        Descriptor descriptor = new Descriptor(MediaTypes.OCI_MANIFEST, Z, 1, List.of("https://example.com/x"), unsorted,
                new Platform("amd64", "windows", null, "10.0.17763.5206", List.of("win32k")), "application/vnd.example+json");

        assertEquals("{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\"," + Z_JSON + ",\"size\":1,\"urls\":[\"https://example.com/x\"],"
                + "\"annotations\":{\"a\":\"2\",\"z\":\"1\"},\"platform\":{\"architecture\":\"amd64\",\"os\":\"windows\","
                + "\"os.version\":\"10.0.17763.5206\",\"os.features\":[\"win32k\"]},\"artifactType\":\"application/vnd.example+json\"}",
                text(descriptor));
    }

    @Test
    void write_escapesStringsAsGoDoes() {
        Descriptor descriptor = Descriptor.of(MediaTypes.OCI_LAYER_TAR, Z, 1)
                .withAnnotations(Map.of("k", "a<b>&c \u2028\u2029 \u001b \n \"q\" \\ /"));

        assertEquals("{\"mediaType\":\"" + MediaTypes.OCI_LAYER_TAR + "\"," + Z_JSON + ",\"size\":1,\"annotations\":"
                + "{\"k\":\"a\\u003cb\\u003e\\u0026c \\u2028\\u2029 \\u001b \\n \\\"q\\\" \\\\ /\"}}", text(descriptor));
    }

    @Test
    void write_nonAsciiIsRawUtf8() {
        byte[] written = CanonicalJson.write(Descriptor.of(MediaTypes.OCI_LAYER_TAR, Z, 1).withAnnotations(Map.of("k", "é")));

        byte[] tail = Arrays.copyOfRange(written, written.length - 6, written.length);
        assertArrayEquals(new byte[] {'"', (byte) 0xc3, (byte) 0xa9, '"', '}', '}'}, tail);
    }

    @Test
    void readConfig_unknownNumbersKeepTheirSpelling() {
        // Decimals and big integers survive; exponents and -0.0 would not (BigDecimal renormalises them).
        String json = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"x-ratio\":1.50,\"x-big\":123456789012345678901234567890}";

        assertEquals(json, new String(CanonicalJson.write(CanonicalJson.readImageConfig(json.getBytes(UTF_8))), UTF_8));
    }

    @Test
    void readTypedManifest_aboveTheLimit_isRefused() {
        byte[] huge = new byte[CanonicalJson.MAX_MANIFEST_BYTES + 1];

        assertThrows(ManifestTooLargeException.class, () -> CanonicalJson.readImageManifest(huge));
        assertThrows(ManifestTooLargeException.class, () -> CanonicalJson.readImageIndex(huge));
    }

    @Test
    void write_sameManifestTwice_sameBytesAndDigest() {
        ImageManifest one = ImageManifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, Z, 2), List.of(Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, Z, 3)))
                .withAnnotations(Map.of("b", "2", "a", "1"));
        ImageManifest two = ImageManifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, Z, 2), List.of(Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, Z, 3)))
                .withAnnotations(new LinkedHashMap<>(Map.of("a", "1", "b", "2")));

        assertArrayEquals(CanonicalJson.write(one), CanonicalJson.write(two));
        assertEquals(CanonicalJson.digest(CanonicalJson.write(one)), CanonicalJson.digest(CanonicalJson.write(two)));
        assertEquals(one, CanonicalJson.readImageManifest(CanonicalJson.write(one)));
    }

    @Test
    void digest_isTheSha256OfTheBytes() {
        assertEquals("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
                CanonicalJson.digest("{}".getBytes(UTF_8)).toString());
    }

    private static String text(Descriptor descriptor) {
        return new String(CanonicalJson.write(descriptor), UTF_8);
    }
}
