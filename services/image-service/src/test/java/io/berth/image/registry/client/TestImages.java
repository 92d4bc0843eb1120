package io.berth.image.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.contracts.types.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Tiny images made in the test: one-file gzip layers, a config JSON and a Docker schema2 manifest, plus the small
 * Jackson-tree readers a pull needs (the real OCI model lives in another package).
 */
final class TestImages {
    static final String CONFIG_TYPE = "application/vnd.docker.container.image.v1+json";
    static final String LAYER_TYPE = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    record Blob(byte[] bytes, BlobRef ref, String progressId) {
        BlobToPush toPush() {
            return new BlobToPush(ref, progressId, null, () -> new ByteArrayInputStream(bytes));
        }
    }

    record Image(List<Blob> layers, Blob config, byte[] manifest) {
        List<Blob> blobs() {
            List<Blob> all = new ArrayList<>(layers);
            all.add(config);
            return all;
        }

        Digest manifestDigest() {
            return Digests.sha256(manifest);
        }
    }

    private TestImages() {
    }

    /** One layer per content, each holding file-<i>.txt. */
    static Image image(byte[]... layerContents) {
        List<Blob> layers = new ArrayList<>();
        ArrayNode diffIds = Json.MAPPER.createArrayNode();
        for (int i = 0; i < layerContents.length; i++) {
            byte[] tar = tar("file-" + i + ".txt", layerContents[i]);
            Digest diffId = Digests.sha256(tar);
            diffIds.add(diffId.toString());
            byte[] gz = gzip(tar);
            layers.add(new Blob(gz, new BlobRef(Digests.sha256(gz), gz.length, LAYER_TYPE), diffId.shortHex()));
        }
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.put("architecture", "amd64").put("os", "linux");
        config.putObject("config").putArray("Cmd").add("/bin/true");
        config.putObject("rootfs").put("type", "layers").set("diff_ids", diffIds);
        byte[] configBytes = config.toString().getBytes(StandardCharsets.UTF_8);
        Blob configBlob = new Blob(configBytes,
                new BlobRef(Digests.sha256(configBytes), configBytes.length, CONFIG_TYPE),
                Digests.sha256(configBytes).shortHex());

        ObjectNode manifest = Json.MAPPER.createObjectNode();
        manifest.put("schemaVersion", 2).put("mediaType", ManifestMediaTypes.DOCKER_MANIFEST);
        manifest.set("config", descriptor(configBlob.ref()));
        ArrayNode layerList = manifest.putArray("layers");
        layers.forEach(layer -> layerList.add(descriptor(layer.ref())));
        return new Image(layers, configBlob, manifest.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** An OCI index with one amd64 and one arm64 entry; only the amd64 one exists in the registry. */
    static byte[] index(Digest amd64Manifest, long amd64Size, Digest arm64Manifest) {
        ObjectNode index = Json.MAPPER.createObjectNode();
        index.put("schemaVersion", 2).put("mediaType", ManifestMediaTypes.OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        manifests.addObject().put("mediaType", ManifestMediaTypes.DOCKER_MANIFEST)
                .put("digest", arm64Manifest.toString()).put("size", 1)
                .putObject("platform").put("architecture", "arm64").put("os", "linux");
        manifests.addObject().put("mediaType", ManifestMediaTypes.DOCKER_MANIFEST)
                .put("digest", amd64Manifest.toString()).put("size", amd64Size)
                .putObject("platform").put("architecture", "amd64").put("os", "linux");
        return index.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The test's manifest reader: config first, then layers. */
    static List<BlobRef> manifestBlobs(byte[] manifest) {
        JsonNode json = readTree(manifest);
        List<BlobRef> blobs = new ArrayList<>();
        blobs.add(blobRef(json.get("config")));
        json.get("layers").forEach(layer -> blobs.add(blobRef(layer)));
        return blobs;
    }

    /** The test's platform chooser: the linux/amd64 entry. */
    static Digest chooseAmd64(byte[] index) {
        for (JsonNode entry : readTree(index).get("manifests")) {
            JsonNode platform = entry.path("platform");
            if (platform.path("architecture").asText().equals("amd64") && platform.path("os").asText().equals("linux")) {
                return Digest.parse(entry.get("digest").asText());
            }
        }
        return null;
    }

    static Digest chooseNothing(byte[] index) {
        return null;
    }

    private static BlobRef blobRef(JsonNode descriptor) {
        return new BlobRef(Digest.parse(descriptor.get("digest").asText()), descriptor.get("size").asLong(),
                descriptor.get("mediaType").asText());
    }

    private static ObjectNode descriptor(BlobRef ref) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("mediaType", ref.mediaType()).put("size", ref.size()).put("digest", ref.digest().toString());
        return node;
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A one-file ustar archive: header, content padded to 512, two zero blocks. */
    static byte[] tar(String name, byte[] content) {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", content.length));
        put(header, 136, "00000000000");
        Arrays.fill(header, 148, 156, (byte) ' ');
        header[156] = '0';
        put(header, 257, "ustar");
        put(header, 263, "00");
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[155] = ' ';
        int padded = (content.length + 511) / 512 * 512;
        byte[] tar = new byte[512 + padded + 1024];
        System.arraycopy(header, 0, tar, 0, 512);
        System.arraycopy(content, 0, tar, 512, content.length);
        return tar;
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
