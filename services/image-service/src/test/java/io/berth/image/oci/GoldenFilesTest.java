package io.berth.image.oci;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each testfiles/&lt;case&gt;/ holds document.json (canonical bytes), pretty.json (the same document
 * indented, as distribution serves Docker manifests) and digest (sha256 of document.json).
 * testfiles-negative/&lt;case&gt;/ holds document.json and the start of the expected error.
 */
class GoldenFilesTest {

    @ParameterizedTest
    @CsvSource({
        "oci-manifest, application/vnd.oci.image.manifest.v1+json, ImageManifest",
        "docker-manifest, application/vnd.docker.distribution.manifest.v2+json, ImageManifest",
        "oci-index, application/vnd.oci.image.index.v1+json, ImageIndex",
        "docker-manifest-list, application/vnd.docker.distribution.manifest.list.v2+json, ImageIndex"})
    void manifest_parseThenWrite_isByteForByteWithAStableDigest(String name, String mediaType, String kind) {
        byte[] document = Testfiles.bytes("testfiles/" + name + "/document.json");

        Manifest parsed = ManifestParser.parse(document, mediaType);
        byte[] written = CanonicalJson.write(parsed);

        assertEquals(kind, parsed.getClass().getSimpleName());
        assertEquals(new String(document, UTF_8), new String(written, UTF_8));
        assertArrayEquals(document, written);
        assertEquals(Testfiles.text("testfiles/" + name + "/digest").trim(), CanonicalJson.digest(written).toString());
        assertEquals(parsed, ManifestParser.parse(document, null), "sniffing finds the same document");
    }

    @ParameterizedTest
    @MethodSource("positiveCases")
    void anyDocument_prettyInput_writesTheCanonicalBytes(String name) {
        byte[] pretty = Testfiles.bytes("testfiles/" + name + "/pretty.json");
        byte[] canonical = Testfiles.bytes("testfiles/" + name + "/document.json");

        byte[] written = name.equals("image-config")
                ? CanonicalJson.write(CanonicalJson.readImageConfig(pretty))
                : CanonicalJson.write(ManifestParser.parse(pretty, null));

        assertEquals(new String(canonical, UTF_8), new String(written, UTF_8));
    }

    @Test
    void imageConfig_parseThenWrite_isByteForByteWithAStableDigest() {
        byte[] document = Testfiles.bytes("testfiles/image-config/document.json");

        byte[] written = CanonicalJson.write(CanonicalJson.readImageConfig(document));

        assertEquals(new String(document, UTF_8), new String(written, UTF_8));
        assertEquals(Testfiles.text("testfiles/image-config/digest").trim(), CanonicalJson.digest(written).toString());
    }

    @Test
    void typedReaders_acceptTheirOwnKind() {
        assertInstanceOf(ImageManifest.class, CanonicalJson.readImageManifest(Testfiles.bytes("testfiles/oci-manifest/document.json")));
        assertInstanceOf(ImageIndex.class, CanonicalJson.readImageIndex(Testfiles.bytes("testfiles/oci-index/document.json")));
    }

    @ParameterizedTest
    @MethodSource("negativeCases")
    void negative_isRefusedWithAMessageNamingTheField(String name) {
        byte[] document = Testfiles.bytes("testfiles-negative/" + name + "/document.json");
        String expected = Testfiles.text("testfiles-negative/" + name + "/error").trim();

        OciFormatException e = assertThrows(OciFormatException.class, () -> ManifestParser.parse(document, null));

        assertTrue(e.getMessage().startsWith(expected), "expected \"" + expected + "\" but got \"" + e.getMessage() + "\"");
    }

    static Stream<String> positiveCases() throws IOException {
        return Testfiles.cases("testfiles");
    }

    static Stream<String> negativeCases() throws IOException {
        return Testfiles.cases("testfiles-negative");
    }
}
