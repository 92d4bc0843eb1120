package io.berth.image.archive;

import io.berth.tar.TarRejectedException;
import io.berth.tar.InvalidArchiveException;
import io.berth.tar.TarBuilder;
import static io.berth.image.archive.TestImages.APP_LAYER;
import static io.berth.image.archive.TestImages.BASE_LAYER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerArchiveReaderTest {
    @TempDir
    Path spool;

    private final ArchiveImage busybox = TestImages.image("sh", List.of("busybox:latest"), BASE_LAYER);
    private final ArchiveImage app = TestImages.image("run", List.of("app:1", "127.0.0.1:5000/demo:1"), BASE_LAYER, APP_LAYER);

    @Test
    void roundTripThroughTheWriter() throws IOException {
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        new DockerArchiveWriter(spool).write(List.of(busybox, app), saved);

        try (DockerArchive archive = reader().read(new ByteArrayInputStream(saved.toByteArray()))) {
            assertEquals(2, archive.images().size());
            assertSameImage(busybox, archive.images().get(0));
            assertSameImage(app, archive.images().get(1));

            // What was read can be saved again, byte for byte.
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            new DockerArchiveWriter(spool).write(archive.images(), again);
            assertArrayEquals(saved.toByteArray(), again.toByteArray());
        }
        assertSpoolEmpty();
    }

    /** An archive captured from Debian's docker.io 20.10 engine (see the README beside it). */
    @Test
    void readsAnArchiveWrittenByARealDockerEngine() throws IOException {
        try (java.io.InputStream in = getClass().getResourceAsStream("real-docker/docker-20.10-save.tar");
             DockerArchive archive = new DockerArchiveReader(spool).read(in)) {
            assertEquals(1, archive.images().size());
            ArchiveImage image = archive.images().get(0);
            assertEquals("sha256:be27412fe372adb8d87f18b6671d0e51abcbe47f5c2b5df174b73726d5359e11", image.imageId().toString());
            assertEquals("fixture:1", image.repoTags().get(0).familiar());
            assertEquals(1, image.layers().size());
            String config = new String(image.config(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(config.contains("\"Cmd\":[\"/bin/hi\"]"), config);
            try (java.io.InputStream layer = image.layers().get(0).tar().open()) {
                assertTrue(layer.readAllBytes().length > 0);
            }
        }
    }

    @Test
    void readsAGzippedArchive() throws IOException {
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        new DockerArchiveWriter(spool).write(List.of(busybox), saved);

        try (DockerArchive archive = reader().read(new ByteArrayInputStream(TarBuilder.gzip(saved.toByteArray())))) {
            assertSameImage(busybox, archive.images().get(0));
        }
    }

    /** Docker ≤24: {@code <v1 id>/layer.tar}, {@code <v1 id>/json}, {@code <v1 id>/VERSION}, {@code <config hex>.json}. */
    @Test
    void readsTheLegacyLayoutWithASymlinkedSharedLayer() throws IOException {
        String id1 = hex("v1 busybox"), id2 = hex("v1 app top"), id3 = hex("v1 app base");
        String busyboxConfig = busybox.imageId().hex() + ".json";
        String appConfig = app.imageId().hex() + ".json";
        TarBuilder tar = new TarBuilder();
        for (String id : List.of(id1, id2, id3)) {
            tar.dir(id + "/").file(id + "/VERSION", "1.0").file(id + "/json", "{\"id\":\"" + id + "\"}");
            if (id.equals(id3)) {
                tar.symlink(id + "/layer.tar", "../" + id1 + "/layer.tar");
            } else {
                tar.file(id + "/layer.tar", id.equals(id1) ? BASE_LAYER : APP_LAYER);
            }
        }
        byte[] archive = tar
                .file(busyboxConfig, busybox.config())
                .file(appConfig, app.config())
                .file("manifest.json", "[{\"Config\":\"" + busyboxConfig + "\",\"RepoTags\":[\"busybox:latest\"],\"Layers\":[\""
                        + id1 + "/layer.tar\"]},{\"Config\":\"" + appConfig + "\",\"RepoTags\":[\"app:1\",\"127.0.0.1:5000/demo:1\"],"
                        + "\"Layers\":[\"" + id3 + "/layer.tar\",\"" + id2 + "/layer.tar\"]}]")
                .file("repositories", "{\"busybox\":{\"latest\":\"" + id1 + "\"}}")
                .build();

        try (DockerArchive read = reader().read(new ByteArrayInputStream(archive))) {
            assertSameImage(busybox, read.images().get(0));
            assertSameImage(app, read.images().get(1));
        }
        assertSpoolEmpty();
    }

    /** skopeo / buildx type=oci: no manifest.json, gzip layers, a nested index with a buildx attestation. */
    @Test
    void readsAPlainOciLayoutWithGzipLayers() throws IOException {
        byte[] gzLayer = TarBuilder.gzip(BASE_LAYER);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + busybox.imageId()
                + "\",\"size\":" + busybox.config().length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                + "\"digest\":\"" + Sha256.of(gzLayer) + "\",\"size\":" + gzLayer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        byte[] attestation = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        byte[] nested = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + descriptor("application/vnd.oci.image.manifest.v1+json", manifest, "") + ","
                + descriptor("application/vnd.oci.image.manifest.v1+json", attestation,
                        ",\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\"}") + "]}")
                .getBytes(StandardCharsets.UTF_8);
        String index = "{\"schemaVersion\":2,\"manifests\":["
                + descriptor("application/vnd.oci.image.index.v1+json", nested,
                        ",\"annotations\":{\"io.containerd.image.name\":\"docker.io/library/busybox:latest\"}") + "]}";
        byte[] archive = new TarBuilder()
                .file("oci-layout", SaveDocuments.OCI_LAYOUT)
                .file("index.json", index)
                .file(blob(manifest), manifest)
                .file(blob(nested), nested)
                .file(blob(attestation), attestation)
                .file(blob(busybox.config()), busybox.config())
                .file(blob(gzLayer), gzLayer)
                .build();

        try (DockerArchive read = reader().read(new ByteArrayInputStream(archive))) {
            assertEquals(1, read.images().size());
            assertSameImage(busybox, read.images().get(0));
        }
    }

    @Test
    void aMemberEscapingTheSpoolIsRejectedAndNothingIsLeft() {
        byte[] archive = new TarBuilder().file("manifest.json", "[]").file("../../etc/cron.d/x", "* * * * * root sh").build();

        TarRejectedException e = assertThrows(TarRejectedException.class, () -> reader().read(new ByteArrayInputStream(archive)));
        assertEquals("archive member '../../etc/cron.d/x': path escapes the root", e.getMessage());
        assertSpoolEmpty();
    }

    @Test
    void aLayerMissingFromTheArchiveIsNamed() {
        byte[] archive = legacy(busybox.config(), "[\"deadbeef/layer.tar\"]").build();

        InvalidArchiveException e = assertThrows(InvalidArchiveException.class, () -> reader().read(new ByteArrayInputStream(archive)));
        assertEquals("image busybox:latest layer 1 of 1 ('deadbeef/layer.tar'): 'deadbeef/layer.tar' is not in the archive", e.getMessage());
        assertSpoolEmpty();
    }

    @Test
    void aManifestPathOutsideTheArchiveIsRefused() {
        byte[] archive = legacy(busybox.config(), "[\"../../../etc/passwd\"]").build();

        InvalidArchiveException e = assertThrows(InvalidArchiveException.class, () -> reader().read(new ByteArrayInputStream(archive)));
        assertTrue(e.getMessage().endsWith("path '../../../etc/passwd' escapes the archive"), e.getMessage());
    }

    @Test
    void diffIdMismatchIsRejected() {
        byte[] archive = legacy(busybox.config(), "[\"l/layer.tar\"]").file("l/layer.tar", APP_LAYER).build();

        InvalidArchiveException e = assertThrows(InvalidArchiveException.class, () -> reader().read(new ByteArrayInputStream(archive)));
        assertEquals("image busybox:latest layer 1 of 1 ('l/layer.tar'): diff_id mismatch: the config lists "
                + Sha256.of(BASE_LAYER) + ", the layer's uncompressed content is " + Sha256.of(APP_LAYER), e.getMessage());
        assertSpoolEmpty();
    }

    @Test
    void layerCountMustMatchTheConfig() {
        byte[] archive = legacy(busybox.config(), "[]").build();
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class, () -> reader().read(new ByteArrayInputStream(archive)));
        assertEquals("image busybox:latest: manifest.json lists 0 layers but the config lists 1 diff_ids", e.getMessage());
    }

    @Test
    void anUnsafeMemberInsideALayerIsRejectedWithTheLayerNamed() {
        byte[] evil = new TarBuilder().symlink("etc", "/").file("etc/shadow", "x").build();
        byte[] config = TestImages.config("sh", evil);
        byte[] archive = legacy(config, "[\"l/layer.tar\"]").file("l/layer.tar", evil).build();

        TarRejectedException e = assertThrows(TarRejectedException.class, () -> reader().read(new ByteArrayInputStream(archive)));
        assertEquals("image busybox:latest layer 1 of 1 ('l/layer.tar') member 'etc/shadow': path goes through the symlink 'etc'",
                e.getMessage());
    }

    @Test
    void aConfigNamedByDigestMustHaveThatDigest() {
        String name = busybox.imageId().hex() + ".json";
        byte[] archive = new TarBuilder()
                .file(name, app.config())
                .file("manifest.json", "[{\"Config\":\"" + name + "\",\"RepoTags\":null,\"Layers\":[]}]")
                .build();
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class, () -> reader().read(new ByteArrayInputStream(archive)));
        assertTrue(e.getMessage().contains("content is " + app.imageId() + ", not " + busybox.imageId()), e.getMessage());
    }

    @Test
    void aTruncatedArchiveIsReportedAndNothingIsLeft() throws IOException {
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        new DockerArchiveWriter(spool).write(List.of(busybox, app), saved);
        byte[] whole = saved.toByteArray();

        for (int cut : new int[] {whole.length / 3, whole.length - 2048, 100}) {
            InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                    () -> reader().read(new ByteArrayInputStream(TarBuilder.truncate(whole, cut))));
            assertTrue(e.getMessage().startsWith("archive is truncated"), cut + ": " + e.getMessage());
            assertSpoolEmpty();
        }
    }

    @Test
    void anArchiveWithoutAnIndexIsRefused() {
        byte[] archive = new TarBuilder().file("hello.txt", "hi").build();
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class, () -> reader().read(new ByteArrayInputStream(archive)));
        assertEquals("archive contains neither manifest.json nor an OCI index.json", e.getMessage());
        assertSpoolEmpty();
    }

    @Test
    void repoTagsMustBeNameColonTag() {
        byte[] archive = new TarBuilder()
                .file("c.json", busybox.config())
                .file("manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":[\"busybox\"],\"Layers\":[]}]")
                .build();
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class, () -> reader().read(new ByteArrayInputStream(archive)));
        assertEquals("manifest.json entry 1: repo tag 'busybox' is not of the form name:tag", e.getMessage());
    }

    @Test
    void devicesInTheOuterArchiveAreRefused() {
        byte[] archive = new TarBuilder().charDevice("null").file("manifest.json", "[]").build();
        IOException e = assertThrows(IOException.class, () -> reader().read(new ByteArrayInputStream(archive)));
        assertInstanceOf(TarRejectedException.class, e);
        assertSpoolEmpty();
    }

    private DockerArchiveReader reader() {
        return new DockerArchiveReader(spool);
    }

    /** A Docker ≤24 style archive for busybox:latest with the given config and Layers list, layers to be added. */
    private static TarBuilder legacy(byte[] config, String layers) {
        String name = Sha256.of(config).hex() + ".json";
        return new TarBuilder()
                .file(name, config)
                .file("manifest.json", "[{\"Config\":\"" + name + "\",\"RepoTags\":[\"busybox:latest\"],\"Layers\":" + layers + "}]");
    }

    private static void assertSameImage(ArchiveImage expected, ArchiveImage actual) throws IOException {
        assertEquals(expected.imageId(), actual.imageId());
        assertArrayEquals(expected.config(), actual.config());
        assertEquals(expected.repoTags(), actual.repoTags());
        assertEquals(TestImages.diffIds(expected), TestImages.diffIds(actual));
        for (int i = 0; i < expected.layers().size(); i++) {
            byte[] content = TestImages.read(actual.layers().get(i));
            assertArrayEquals(TestImages.read(expected.layers().get(i)), content);
            assertEquals(content.length, actual.layers().get(i).size());
        }
    }

    private void assertSpoolEmpty() {
        try (Stream<Path> left = Files.list(spool)) {
            assertEquals(List.of(), left.toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String hex(String seed) {
        return Sha256.of(seed.getBytes(StandardCharsets.UTF_8)).hex();
    }

    private static String blob(byte[] data) {
        return "blobs/sha256/" + Sha256.of(data).hex();
    }

    private static String descriptor(String mediaType, byte[] data, String extra) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + Sha256.of(data) + "\",\"size\":" + data.length + extra + "}";
    }
}
