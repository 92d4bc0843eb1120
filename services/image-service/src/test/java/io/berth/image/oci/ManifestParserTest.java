package io.berth.image.oci;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ManifestParserTest {
    private static final String Z = "sha256:" + "0".repeat(64);
    private static final String CONFIG = "{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + Z + "\",\"size\":2}";
    private static final String MANIFEST_WITHOUT_MEDIA_TYPE = "{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[]}";
    private static final String INDEX_WITHOUT_MEDIA_TYPE = "{\"schemaVersion\":2,\"manifests\":[]}";

    @Test
    void parse_noMediaTypeAnywhere_sniffsTheShape() {
        assertInstanceOf(ImageManifest.class, parse(MANIFEST_WITHOUT_MEDIA_TYPE, null));
        assertInstanceOf(ImageIndex.class, parse(INDEX_WITHOUT_MEDIA_TYPE, null));
        assertInstanceOf(ImageIndex.class, parse(INDEX_WITHOUT_MEDIA_TYPE, "application/json"));
    }

    @Test
    void parse_declaredTypeWithParameters_isUnderstood() {
        Manifest manifest = parse(MANIFEST_WITHOUT_MEDIA_TYPE, " Application/VND.oci.image.manifest.v1+json; charset=utf-8");

        assertInstanceOf(ImageManifest.class, manifest);
    }

    @Test
    void parse_bodyDisagreesWithTheDeclaredType_isRefused() {
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}";

        OciFormatException e = assertThrows(OciFormatException.class, () -> parse(index, MediaTypes.OCI_MANIFEST));

        assertEquals("manifest mediaType: \"" + MediaTypes.OCI_INDEX + "\" does not match the declared media type \""
                + MediaTypes.OCI_MANIFEST + "\"", e.getMessage());
    }

    @Test
    void parse_schema1_isRefusedWhetherDeclaredOrSniffed() {
        String schema1 = "{\"schemaVersion\":1,\"name\":\"library/hello\",\"tag\":\"latest\",\"fsLayers\":[]}";

        for (String declared : new String[] {null, MediaTypes.DOCKER_SCHEMA1_MANIFEST, MediaTypes.DOCKER_SCHEMA1_SIGNED_MANIFEST}) {
            UnsupportedManifestException e = assertThrows(UnsupportedManifestException.class, () -> parse(schema1, declared));
            assertTrue(e.getMessage().startsWith("unsupported: schema1 manifests are deprecated"), e.getMessage());
        }
    }

    @Test
    void parse_aboveTheLimit_isRefusedBeforeParsing() {
        byte[] huge = new byte[CanonicalJson.MAX_MANIFEST_BYTES + 1];

        ManifestTooLargeException e = assertThrows(ManifestTooLargeException.class, () -> ManifestParser.parse(huge, null));

        assertEquals("manifest is 4194305 bytes; the limit is 4194304 bytes (4 MiB)", e.getMessage());
    }

    @Test
    void parse_exactlyAtTheLimit_isAccepted() {
        String padded = MANIFEST_WITHOUT_MEDIA_TYPE + " ".repeat(CanonicalJson.MAX_MANIFEST_BYTES - MANIFEST_WITHOUT_MEDIA_TYPE.length());

        assertInstanceOf(ImageManifest.class, parse(padded, null));
    }

    @Test
    void parse_unknownFields_areIgnoredAsTheSpecRequires() {
        String withExtras = "{\"schemaVersion\":2,\"config\":" + CONFIG.replace("}", ",\"data\":\"e30=\"}")
                + ",\"layers\":[],\"futureField\":{\"x\":1}}";

        ImageManifest manifest = (ImageManifest) parse(withExtras, MediaTypes.OCI_MANIFEST);

        assertEquals(2, manifest.config().size());
    }

    @Test
    void parse_malformedJson_saysWhere() {
        OciFormatException e = assertThrows(OciFormatException.class, () -> parse("{\"schemaVersion\":2,\n\"layers\":[}", null));

        assertTrue(e.getMessage().startsWith("manifest: malformed JSON at line 2, column"), e.getMessage());
    }

    @Test
    void parse_notAnObject_isRefused() {
        OciFormatException e = assertThrows(OciFormatException.class, () -> parse("[1,2]", null));

        assertEquals("manifest: expected an object, got an array", e.getMessage());
    }

    @Test
    void parse_emptyBody_isRefused() {
        OciFormatException e = assertThrows(OciFormatException.class, () -> parse("", null));

        assertEquals("manifest: empty document", e.getMessage());
    }

    @Test
    void parse_descriptorMediaTypeWithParameters_isRefused() {
        String bad = MANIFEST_WITHOUT_MEDIA_TYPE.replace(MediaTypes.OCI_CONFIG, MediaTypes.OCI_CONFIG + "; x=y");

        OciFormatException e = assertThrows(OciFormatException.class, () -> parse(bad, null));

        assertTrue(e.getMessage().startsWith("manifest config.mediaType: invalid media type"), e.getMessage());
    }

    private static Manifest parse(String json, String declared) {
        return ManifestParser.parse(json.getBytes(UTF_8), declared);
    }
}
