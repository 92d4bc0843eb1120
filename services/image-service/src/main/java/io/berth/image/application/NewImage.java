package io.berth.image.application;

import io.berth.contracts.image.ImageCommand.StoreImage;
import io.berth.contracts.image.LayerRef;
import io.berth.contracts.outcome.CommandOutcome;
import io.berth.contracts.types.Digest;
import io.berth.image.content.ContentStore;
import io.berth.image.oci.CanonicalJson;
import io.berth.image.oci.Descriptor;
import io.berth.image.oci.ImageConfig;
import io.berth.image.oci.ImageManifest;
import io.berth.image.oci.MediaTypes;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The last step of making an image here ({@code docker import}, {@code docker commit}): with every layer blob
 * already in the content store, store the config and the manifest, then record the image (and its tag) through the
 * image store. The image exists only once recorded, so a failure before that leaves no image; the blobs stored by
 * then are content-addressed and harmless.
 */
public final class NewImage {
    /** The image id (config digest) and the image store's sequence after recording it. */
    public record Recorded(Digest imageId, long sequence) {
    }

    private NewImage() {
    }

    /**
     * @param layers    bottom to top, matching the config's {@code rootfs.diff_ids}
     * @param ociLayout an OCI manifest (for images whose layers have OCI media types) instead of Docker schema2
     */
    static Recorded record(ContentStore content, ImageStore store, ImageConfig config, List<LayerRef> layers, boolean ociLayout,
                           Instant created, String source, String tag) throws IOException {
        byte[] configBytes = CanonicalJson.write(config);
        Digest configDigest = content.put(configBytes);
        List<Descriptor> layerDescriptors = new ArrayList<>();
        long size = 0;
        for (LayerRef layer : layers) {
            layerDescriptors.add(Descriptor.of(layer.mediaType(), layer.digest(), layer.size()));
            size += layer.uncompressedSize();
        }
        ImageManifest manifest = ociLayout
                ? ImageManifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, configBytes.length), layerDescriptors)
                : ImageManifest.docker(Descriptor.of(MediaTypes.DOCKER_CONFIG, configDigest, configBytes.length), layerDescriptors);
        byte[] manifestBytes = CanonicalJson.write(manifest);
        Digest manifestDigest = content.put(manifestBytes);
        StoreImage command = new StoreImage(configDigest, manifestDigest, ociLayout ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST,
                manifestBytes.length, layers, size, created, source, tag == null ? List.of() : List.of(tag));
        CommandOutcome outcome = store.submit(command, source).join();
        if (outcome instanceof CommandOutcome.CommandRejected r) {
            throw new IllegalArgumentException(r.reason());
        }
        return new Recorded(configDigest, ((CommandOutcome.CommandAccepted) outcome).lastSequence());
    }
}
