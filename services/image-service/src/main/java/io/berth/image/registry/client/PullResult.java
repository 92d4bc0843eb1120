package io.berth.image.registry.client;

import io.berth.contracts.types.Digest;
import io.berth.contracts.types.ImageReference;
import java.util.List;

/**
 * A finished pull. The caller stores {@code index} and {@code manifest} itself; the blobs are already in its sink.
 *
 * @param digest what the reference resolved to (the index's digest for multi-platform images): Docker's RepoDigest
 * @param index the index the manifest was chosen from, or null
 * @param blobsDownloaded how many blobs were fetched (0: everything was present already)
 */
public record PullResult(ImageReference reference, Digest digest, PulledManifest index, PulledManifest manifest,
        List<BlobRef> blobs, int blobsDownloaded) {
}
