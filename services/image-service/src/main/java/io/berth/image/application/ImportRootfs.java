package io.berth.image.application;

import io.berth.contracts.image.ImageCommand.StoreImage;
import io.berth.contracts.image.LayerRef;
import io.berth.contracts.outcome.CommandOutcome;
import io.berth.contracts.types.Digest;
import io.berth.image.archive.LayerDigests;
import io.berth.image.archive.RootfsImport;
import io.berth.image.content.ContentStore;
import io.berth.image.oci.CanonicalJson;
import io.berth.image.oci.Descriptor;
import io.berth.image.oci.History;
import io.berth.image.oci.ImageConfig;
import io.berth.image.oci.ImageManifest;
import io.berth.image.oci.MediaTypes;
import io.berth.image.oci.Platform;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/**
 * {@code docker import}: a rootfs tarball becomes a one-layer image. Every tar member is checked before the layer
 * is committed; the layer, config and manifest blobs are verified and stored, and only then is the image recorded,
 * so a failed import leaves no image and no partial blob behind.
 */
@ApplicationScoped
public class ImportRootfs {
    private final ContentStore content;
    private final ImageStore store;

    public ImportRootfs(ContentStore content, ImageStore store) {
        this.content = content;
        this.store = store;
    }

    public record Result(Digest imageId, long sequence) {
    }

    public Result run(InputStream tar, List<String> changes, String message, String tag) throws IOException {
        Instant now = Instant.now();
        var runConfig = ConfigChanges.apply(io.berth.image.oci.RunConfig.empty(), changes);
        LayerDigests layer = LayerIngest.store(content, out -> RootfsImport.toLayer(tar, out));
        ImageConfig config = ImageConfig.forPlatform(Platform.LINUX_AMD64)
                .withCreated(now)
                .withConfig(runConfig)
                .withDiffIdAppended(layer.diffId())
                .withHistoryAppended(new History(now, "", null, message == null || message.isBlank() ? "Imported from -" : message, null));
        byte[] configBytes = CanonicalJson.write(config);
        Digest configDigest = content.put(configBytes);
        ImageManifest manifest = ImageManifest.docker(
                Descriptor.of(MediaTypes.DOCKER_CONFIG, configDigest, configBytes.length),
                List.of(Descriptor.of(MediaTypes.DOCKER_LAYER_GZIP, layer.compressedDigest(), layer.compressedSize())));
        byte[] manifestBytes = CanonicalJson.write(manifest);
        Digest manifestDigest = content.put(manifestBytes);
        LayerRef ref = layer.toLayerRef(MediaTypes.DOCKER_LAYER_GZIP);
        StoreImage command = new StoreImage(configDigest, manifestDigest, MediaTypes.DOCKER_MANIFEST, manifestBytes.length,
                List.of(ref), layer.uncompressedSize(), now, "import", tag == null ? List.of() : List.of(tag));
        CommandOutcome outcome = store.submit(command, "import").join();
        if (outcome instanceof CommandOutcome.CommandRejected r) {
            throw new IllegalArgumentException(r.reason());
        }
        return new Result(configDigest, ((CommandOutcome.CommandAccepted) outcome).lastSequence());
    }

}
