package io.berth.image.application;

import io.berth.contracts.types.Digest;
import io.berth.image.archive.LayerDigests;
import io.berth.image.archive.RootfsImport;
import io.berth.image.content.ContentStore;
import io.berth.image.oci.History;
import io.berth.image.oci.ImageConfig;
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
        var recorded = NewImage.record(content, store, config, List.of(layer.toLayerRef(MediaTypes.DOCKER_LAYER_GZIP)), false,
                now, "import", tag);
        return new Result(recorded.imageId(), recorded.sequence());
    }

}
