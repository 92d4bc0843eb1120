package io.berth.image.archive;

import io.berth.tar.TarPolicy;
import io.berth.tar.Compression;
import io.berth.tar.InvalidArchiveException;
import io.berth.contracts.types.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads each spooled layer once, before the archive is handed out: every member is validated under the layer
 * policy, and the uncompressed digest must be the diffID the config lists. Layers shared by several images are
 * read once.
 */
final class LayerVerifier {
    private final TarPolicy policy;
    private final Map<Path, LayerCheck> checked = new HashMap<>();

    LayerVerifier(TarPolicy policy) {
        this.policy = policy;
    }

    /**
     * Verifies one layer file; {@code blobDigest} (null if the archive does not state one) is the digest of the
     * file as stored, which for an OCI layout may be compressed.
     */
    ArchiveLayer layer(Path file, Digest blobDigest, Digest diffId, String label) throws IOException {
        LayerCheck result = checked.get(file);
        if (result == null) {
            result = read(file, label);
            checked.put(file, result);
        }
        if (blobDigest != null && !blobDigest.equals(result.blobDigest())) {
            throw new InvalidArchiveException(label + ": blob content is " + result.blobDigest()
                    + ", not the " + blobDigest + " its manifest names");
        }
        if (!diffId.equals(result.diffId())) {
            throw new InvalidArchiveException(label + ": diff_id mismatch: the config lists " + diffId
                    + ", the layer's uncompressed content is " + result.diffId());
        }
        return new ArchiveLayer(diffId, result.uncompressedSize(), () -> open(file, label));
    }

    private LayerCheck read(Path file, String label) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            return LayerCheck.read(raw, policy, label);
        }
    }

    private static InputStream open(Path file, String label) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            return Compression.decompress(raw, label);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }
}
