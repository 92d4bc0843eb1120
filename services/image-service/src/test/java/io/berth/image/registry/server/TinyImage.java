package io.berth.image.registry.server;

import io.berth.contracts.types.Digest;
import io.berth.image.oci.CanonicalJson;
import io.berth.image.oci.Descriptor;
import io.berth.image.oci.ImageManifest;
import io.berth.image.oci.MediaTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A one-layer OCI image made in the test: a gzip layer holding one file, its config and an OCI manifest written with
 * Berth's own oci package, and the OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/…})
 * that skopeo reads as {@code oci:<dir>:<tag>}.
 */
record TinyImage(byte[] layer, byte[] config, byte[] manifest) {
    static TinyImage of(String fileContent) {
        byte[] tar = tar("hello.txt", fileContent.getBytes(StandardCharsets.UTF_8));
        byte[] layer = gzip(tar);
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/hello\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + sha256(tar) + "\"]}}";
        byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
        ImageManifest manifest = ImageManifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, sha256(configBytes), configBytes.length),
                List.of(Descriptor.of(MediaTypes.OCI_LAYER_TAR_GZIP, sha256(layer), layer.length)));
        return new TinyImage(layer, configBytes, CanonicalJson.write(manifest));
    }

    Digest layerDigest() {
        return sha256(layer);
    }

    Digest configDigest() {
        return sha256(config);
    }

    Digest manifestDigest() {
        return sha256(manifest);
    }

    /** Writes the image as an OCI layout whose index.json names it {@code tag}. */
    Path writeOciLayout(Path dir, String tag) throws IOException {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        for (byte[] blob : List.of(layer, config, manifest)) {
            Files.write(blobs.resolve(sha256(blob).hex()), blob);
        }
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                + "\",\"digest\":\"" + manifestDigest() + "\",\"size\":" + manifest.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}]}");
        return dir;
    }

    static Digest sha256(byte[] bytes) {
        return CanonicalJson.digest(bytes);
    }

    private static byte[] tar(String name, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(content.length);
            e.setMode(0644);
            t.putArchiveEntry(e);
            t.write(content);
            t.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
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
}
