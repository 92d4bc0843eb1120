package io.berth.image.archive;

import io.berth.tar.Streams;
import io.berth.tar.InvalidArchiveException;
import io.berth.contracts.types.Digest;
import io.berth.contracts.types.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a {@code docker save} archive the way Docker ≥25 does (moby {@code image/tarexport/save.go}), which
 * both {@code docker load} of any version and OCI tools read:
 *
 * <pre>
 * blobs/
 * blobs/sha256/
 * blobs/sha256/&lt;hex&gt;   image configs, OCI manifests, and layer tars (uncompressed, named by diffID)
 * index.json           OCI index: one entry per tag, annotated io.containerd.image.name (docker.io/library/busybox:latest)
 *                      and org.opencontainers.image.ref.name (latest); one bare entry for an untagged image
 * manifest.json        [{"Config":"blobs/sha256/…","RepoTags":["busybox:latest"],"Layers":["blobs/sha256/…"],"LayerSources":{…}}]
 * oci-layout           {"imageLayoutVersion": "1.0.0"}
 * repositories         {"busybox":{"latest":"&lt;top layer diffID hex&gt;"}}, only if some image has a tag
 * </pre>
 *
 * Members come in the lexical order Go's directory walk gives, every mtime is 0 and owners are root, so the
 * same images always give the same bytes. Left out on purpose: the per-layer legacy v1 JSON blobs Docker still
 * writes but nothing references, and manifest.json's "Parent" (which only links images saved together).
 * Images with the same ID are merged (their tags combined), as Docker keys them by ID.
 *
 * <p>A layer whose size is known is streamed straight into the archive and checked as it goes; if its content
 * does not match its diffID or size, writing fails and the output is unusable. Layers of unknown size are first
 * copied (and checked) into a temporary file under {@code spoolParent}, since a tar header needs the size.
 */
public final class DockerArchiveWriter {
    private final Path spoolParent;

    public DockerArchiveWriter(Path spoolParent) {
        this.spoolParent = spoolParent;
    }

    /** Writes the archive to {@code out}, which is flushed but not closed. */
    public void write(List<ArchiveImage> images, OutputStream out) throws IOException {
        List<ArchiveImage> merged = mergeById(images);
        for (ArchiveImage image : merged) {
            check(image);
        }
        List<Path> temporary = new ArrayList<>();
        try {
            Map<Digest, ArchiveLayer> layers = new LinkedHashMap<>();
            for (ArchiveImage image : merged) {
                for (ArchiveLayer layer : image.layers()) {
                    if (!layers.containsKey(layer.diffId())) {
                        layers.put(layer.diffId(), layer.size() >= 0 ? layer : measured(layer, temporary));
                    }
                }
            }
            Map<Digest, Long> sizes = new LinkedHashMap<>();
            layers.forEach((id, layer) -> sizes.put(id, layer.size()));

            Map<String, Member> blobs = new TreeMap<>();
            Map<Digest, byte[]> manifests = new LinkedHashMap<>();
            for (ArchiveImage image : merged) {
                byte[] manifest = SaveDocuments.ociManifest(image, sizes);
                manifests.put(image.imageId(), manifest);
                blobs.put(SaveDocuments.blobPath(image.imageId()), Member.of(image.config()));
                blobs.put(SaveDocuments.blobPath(Sha256.of(manifest)), Member.of(manifest));
            }
            for (ArchiveLayer layer : layers.values()) {
                blobs.put(SaveDocuments.blobPath(layer.diffId()),
                        new Member(layer.size(), tar -> copyChecked(layer, tar)));
            }

            Map<String, Member> members = new LinkedHashMap<>();
            members.put("blobs/", null);
            members.put("blobs/sha256/", null);
            members.putAll(blobs);
            members.put("index.json", Member.of(SaveDocuments.index(merged, manifests)));
            members.put("manifest.json", Member.of(SaveDocuments.manifestJson(merged, sizes)));
            members.put("oci-layout", Member.of(SaveDocuments.ociLayout()));
            SaveDocuments.repositories(merged).ifPresent(r -> members.put("repositories", Member.of(r)));
            writeTar(members, out);
        } finally {
            for (Path file : temporary) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** A file's size and how to write its content; null in the map stands for a directory. */
    private record Member(long size, ContentWriter content) {
        static Member of(byte[] data) {
            return new Member(data.length, tar -> tar.write(data));
        }
    }

    @FunctionalInterface
    private interface ContentWriter {
        void writeTo(OutputStream tar) throws IOException;
    }

    private static void writeTar(Map<String, Member> members, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(Streams.nonClosing(out));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (Map.Entry<String, Member> e : members.entrySet()) {
            Member member = e.getValue();
            TarArchiveEntry entry = new TarArchiveEntry(e.getKey(), member == null ? TarArchiveEntry.LF_DIR : TarArchiveEntry.LF_NORMAL);
            entry.setMode(member == null ? 040755 : 0100644);
            entry.setModTime(0L);
            entry.setIds(0, 0);
            entry.setNames("", "");
            if (member != null) {
                entry.setSize(member.size());
            }
            tar.putArchiveEntry(entry);
            if (member != null) {
                member.content().writeTo(tar);
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.flush();
    }

    /** Streams a layer into the archive, failing if it is not exactly {@code size} bytes with its diffID. */
    private static void copyChecked(ArchiveLayer layer, OutputStream tar) throws IOException {
        try (InputStream source = layer.tar().open()) {
            DigestingInputStream in = new DigestingInputStream(source);
            byte[] buf = new byte[Streams.BUFFER];
            long remaining = layer.size();
            while (remaining > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
                if (n < 0) {
                    throw new IOException("layer " + layer.diffId() + " ended " + remaining + " bytes short of its size " + layer.size());
                }
                tar.write(buf, 0, n);
                remaining -= n;
            }
            if (in.read() >= 0) {
                throw new IOException("layer " + layer.diffId() + " is longer than its size " + layer.size());
            }
            requireDiffId(layer, in.digest());
        }
    }

    /** Copies a layer of unknown size to a temporary file, checking its diffID, so its size is known. */
    private ArchiveLayer measured(ArchiveLayer layer, List<Path> temporary) throws IOException {
        Path file = Files.createTempFile(spoolParent, "berth-save-", ".tar");
        temporary.add(file);
        try (InputStream source = layer.tar().open(); OutputStream sink = Files.newOutputStream(file)) {
            DigestingInputStream in = new DigestingInputStream(source);
            long size = Streams.copy(in, sink);
            requireDiffId(layer, in.digest());
            return new ArchiveLayer(layer.diffId(), size, () -> Files.newInputStream(file));
        }
    }

    private static void requireDiffId(ArchiveLayer layer, Digest actual) throws IOException {
        if (!actual.equals(layer.diffId())) {
            throw new IOException("layer content is " + actual + ", not its diffID " + layer.diffId());
        }
    }

    private static List<ArchiveImage> mergeById(List<ArchiveImage> images) {
        Map<Digest, ArchiveImage> byId = new LinkedHashMap<>();
        for (ArchiveImage image : images) {
            ArchiveImage seen = byId.get(image.imageId());
            if (seen == null) {
                byId.put(image.imageId(), image);
            } else {
                List<ImageReference> tags = new ArrayList<>(seen.repoTags());
                image.repoTags().stream().filter(t -> !tags.contains(t)).forEach(tags::add);
                byId.put(image.imageId(), new ArchiveImage(seen.imageId(), seen.config(), tags, seen.layers()));
            }
        }
        return new ArrayList<>(byId.values());
    }

    /** The caller's mistakes, found before a byte is written. */
    private static void check(ArchiveImage image) {
        List<Digest> diffIds;
        try {
            diffIds = ImageConfigs.diffIds(image.config(), "config of image " + image.label());
        } catch (InvalidArchiveException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        List<Digest> given = image.layers().stream().map(ArchiveLayer::diffId).toList();
        if (!diffIds.equals(given)) {
            throw new IllegalArgumentException("image " + image.label() + ": layers " + given
                    + " do not match the config's rootfs.diff_ids " + diffIds);
        }
        for (ImageReference tag : image.repoTags()) {
            if (tag.tag() == null || tag.digest() != null) {
                throw new IllegalArgumentException("image " + image.label() + ": repo tag " + tag + " must be name:tag");
            }
        }
    }
}
