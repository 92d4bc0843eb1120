package io.berth.image.archive;

import static io.berth.image.archive.TestImages.APP_LAYER;
import static io.berth.image.archive.TestImages.BASE_LAYER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.contracts.types.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerArchiveWriterTest {
    @TempDir
    Path spool;

    private final ArchiveImage busybox = TestImages.image("sh", List.of("busybox:latest"), BASE_LAYER);
    private final ArchiveImage app = TestImages.image("run", List.of("app:1", "127.0.0.1:5000/demo:1"), BASE_LAYER, APP_LAYER);

    @Test
    void writesTheDocker25LayoutInWalkOrder() throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        Map<String, byte[]> files = new LinkedHashMap<>();
        list(write(List.of(busybox, app)), entries, files);

        Digest base = Sha256.of(BASE_LAYER);
        Digest top = Sha256.of(APP_LAYER);
        List<String> names = new ArrayList<>(entries.keySet());
        assertEquals(List.of("blobs/", "blobs/sha256/"), names.subList(0, 2));
        List<String> blobs = names.subList(2, names.size() - 4);
        assertEquals(blobs.stream().sorted().toList(), blobs);
        assertEquals(6, blobs.size()); // 2 configs, 2 manifests, 2 distinct layers
        assertEquals(List.of("index.json", "manifest.json", "oci-layout", "repositories"), names.subList(names.size() - 4, names.size()));

        for (TarArchiveEntry e : entries.values()) {
            assertEquals(0, e.getModTime().getTime(), e.getName());
            assertEquals(0, e.getLongUserId(), e.getName());
            assertEquals("", e.getUserName(), e.getName());
            assertEquals(e.isDirectory() ? 040755 : 0100644, e.getMode(), e.getName());
        }

        assertEquals("[{\"Config\":\"blobs/sha256/" + busybox.imageId().hex() + "\",\"RepoTags\":[\"busybox:latest\"],"
                + "\"Layers\":[\"blobs/sha256/" + base.hex() + "\"],"
                + "\"LayerSources\":{\"" + base + "\":{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"size\":"
                + BASE_LAYER.length + ",\"digest\":\"" + base + "\"}}},"
                + "{\"Config\":\"blobs/sha256/" + app.imageId().hex() + "\",\"RepoTags\":[\"app:1\",\"127.0.0.1:5000/demo:1\"],"
                + "\"Layers\":[\"blobs/sha256/" + base.hex() + "\",\"blobs/sha256/" + top.hex() + "\"],"
                + "\"LayerSources\":{" + source(base, BASE_LAYER) + "," + source(top, APP_LAYER) + "}}]\n",
                text(files.get("manifest.json")));

        String busyboxManifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + busybox.imageId()
                + "\",\"size\":" + busybox.config().length + "},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + base
                + "\",\"size\":" + BASE_LAYER.length + "}]}";
        Digest busyboxManifestDigest = Sha256.of(busyboxManifest.getBytes(StandardCharsets.UTF_8));
        assertEquals(busyboxManifest, text(files.get("blobs/sha256/" + busyboxManifestDigest.hex())));

        String index = text(files.get("index.json"));
        assertTrue(index.startsWith("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
                + busyboxManifestDigest + "\",\"size\":" + busyboxManifest.length() + ",\"annotations\":{"
                + "\"io.containerd.image.name\":\"docker.io/library/busybox:latest\","
                + "\"org.opencontainers.image.ref.name\":\"latest\"}}"), index);
        assertTrue(index.contains("\"io.containerd.image.name\":\"127.0.0.1:5000/demo:1\",\"org.opencontainers.image.ref.name\":\"1\""), index);

        assertEquals("{\"imageLayoutVersion\": \"1.0.0\"}", text(files.get("oci-layout")));
        assertEquals("{\"127.0.0.1:5000/demo\":{\"1\":\"" + top.hex() + "\"},\"app\":{\"1\":\"" + top.hex()
                + "\"},\"busybox\":{\"latest\":\"" + base.hex() + "\"}}\n", text(files.get("repositories")));
        assertArrayEquals(BASE_LAYER, files.get("blobs/sha256/" + base.hex()));
        assertArrayEquals(app.config(), files.get("blobs/sha256/" + app.imageId().hex()));
    }

    @Test
    void sameImagesGiveTheSameBytes() throws IOException {
        assertArrayEquals(write(List.of(busybox, app)), write(List.of(busybox, app)));
    }

    @Test
    void untaggedImageGetsABareIndexEntryAndNoRepositoriesFile() throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        Map<String, byte[]> files = new LinkedHashMap<>();
        list(write(List.of(TestImages.image("sh", List.of(), BASE_LAYER))), entries, files);

        assertTrue(text(files.get("manifest.json")).contains("\"RepoTags\":null"));
        assertTrue(!text(files.get("index.json")).contains("annotations"));
        assertTrue(!files.containsKey("repositories"));
    }

    @Test
    void layersOfUnknownSizeAreMeasuredInATemporaryFileThatIsRemoved() throws IOException {
        ArchiveLayer unsized = new ArchiveLayer(Sha256.of(BASE_LAYER), -1, () -> new ByteArrayInputStream(BASE_LAYER));
        ArchiveImage image = ArchiveImage.of(busybox.config(), busybox.repoTags(), List.of(unsized));

        assertArrayEquals(write(List.of(busybox)), write(List.of(image)));
        try (Stream<Path> left = Files.list(spool)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void aLayerThatDoesNotMatchItsDiffIdFailsTheWrite() {
        ArchiveLayer lying = new ArchiveLayer(Sha256.of(BASE_LAYER), APP_LAYER.length, () -> new ByteArrayInputStream(APP_LAYER));
        ArchiveImage image = ArchiveImage.of(busybox.config(), busybox.repoTags(), List.of(lying));

        IOException e = assertThrows(IOException.class, () -> write(List.of(image)));
        assertEquals("layer content is " + Sha256.of(APP_LAYER) + ", not its diffID " + Sha256.of(BASE_LAYER), e.getMessage());
    }

    @Test
    void layersMustBeTheConfigsDiffIds() {
        ArchiveImage wrong = ArchiveImage.of(busybox.config(), busybox.repoTags(), List.of(TestImages.layer(APP_LAYER)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> write(List.of(wrong)));
        assertTrue(e.getMessage().startsWith("image busybox:latest: layers"), e.getMessage());
    }

    private byte[] write(List<ArchiveImage> images) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DockerArchiveWriter(spool).write(images, out);
        return out.toByteArray();
    }

    private static String source(Digest digest, byte[] layer) {
        return "\"" + digest + "\":{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"size\":" + layer.length
                + ",\"digest\":\"" + digest + "\"}";
    }

    private static void list(byte[] archive, Map<String, TarArchiveEntry> entries, Map<String, byte[]> files) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(archive))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                entries.put(e.getName(), e);
                if (!e.isDirectory()) {
                    files.put(e.getName(), tar.readAllBytes());
                }
            }
        }
    }

    private static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }
}
