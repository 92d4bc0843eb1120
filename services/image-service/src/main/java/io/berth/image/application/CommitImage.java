package io.berth.image.application;

import io.berth.contracts.image.LayerRef;
import io.berth.contracts.types.Digest;
import io.berth.image.archive.LayerBlob;
import io.berth.image.archive.LayerDigests;
import io.berth.image.content.ContentStore;
import io.berth.image.domain.StoredImage;
import io.berth.image.oci.CanonicalJson;
import io.berth.image.oci.History;
import io.berth.image.oci.ImageConfig;
import io.berth.image.oci.MediaTypes;
import io.berth.image.oci.RunConfig;
import io.berth.tar.TarPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code docker commit}: a container's writable layer (an uncompressed OCI layer tar, whiteouts included) becomes
 * one more layer on top of the container's image. As Docker does, the new config starts from the container's own
 * config (what it ran with, see {@link ContainerConfigHints}) over the parent's, then applies the {@code --change}
 * instructions; the history gains one entry whose {@code created_by} is the container's command.
 *
 * <p>The layer is validated, compressed and stored as any layer is ({@link LayerIngest}, {@link LayerBlob}); the
 * image is recorded last ({@link NewImage}), so a failure on the way leaves no image and no partial blob.
 */
@ApplicationScoped
public class CommitImage {
    private final ContentStore content;
    private final ImageStore store;

    public CommitImage(ContentStore content, ImageStore store) {
        this.content = content;
        this.store = store;
    }

    /**
     * @param parent  the container's image id
     * @param tag     the reference to tag the new image with, or null
     * @param comment {@code docker commit -m}, may be null
     * @param author  {@code docker commit -a}, may be null
     */
    public record Request(Digest parent, ContainerConfigHints container, List<String> changes, String comment, String author,
                          String tag) {
    }

    public NewImage.Recorded run(InputStream layerTar, Request request) throws IOException {
        StoredImage parent = store.state().join().images().get(request.parent());
        if (parent == null) {
            throw new NoSuchImageException("No such image: " + request.parent());
        }
        ImageConfig parentConfig;
        try (InputStream in = content.open(request.parent())) {
            parentConfig = CanonicalJson.readImageConfig(in.readAllBytes());
        }
        // Changes are checked before the layer is read: a bad --change costs no work and stores nothing.
        RunConfig runConfig = ConfigChanges.apply(request.container().applyTo(parentConfig.config()), request.changes());

        boolean oci = MediaTypes.OCI_MANIFEST.equals(parent.stored().manifestMediaType());
        LayerDigests layer = LayerIngest.store(content, out -> LayerBlob.write(layerTar, TarPolicy.imageLayer(), out));
        Instant now = Instant.now();
        String author = blankToNull(request.author());
        ImageConfig config = parentConfig
                .withCreated(now)
                .withAuthor(author)
                .withConfig(runConfig)
                .withDiffIdAppended(layer.diffId())
                .withHistoryAppended(new History(now, String.join(" ", request.container().cmd()), author,
                        blankToNull(request.comment()), null));
        List<LayerRef> layers = new ArrayList<>(parent.stored().layers());
        layers.add(layer.toLayerRef(oci ? MediaTypes.OCI_LAYER_TAR_GZIP : MediaTypes.DOCKER_LAYER_GZIP));
        return NewImage.record(content, store, config, layers, oci, now, "commit", request.tag());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The container's image is no longer in the store. */
    public static final class NoSuchImageException extends IllegalArgumentException {
        public NoSuchImageException(String message) {
            super(message);
        }
    }
}
