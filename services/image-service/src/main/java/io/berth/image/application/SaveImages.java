package io.berth.image.application;

import io.berth.contracts.image.LayerRef;
import io.berth.contracts.types.Digest;
import io.berth.contracts.types.ImageReference;
import io.berth.image.archive.ArchiveImage;
import io.berth.image.archive.ArchiveLayer;
import io.berth.tar.Compression;
import io.berth.image.archive.DockerArchiveWriter;
import io.berth.image.content.ContentStore;
import io.berth.image.domain.ImageStoreState;
import io.berth.image.domain.StoredImage;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code docker save}: the named images as the archive Docker 25+ writes (OCI layout plus manifest.json), layers
 * uncompressed from the content store as they are written. Names are tags or (prefixes of) image ids.
 */
@ApplicationScoped
public class SaveImages {
    private final ImageStore store;
    private final ContentStore content;
    private final Path spool;

    public SaveImages(ImageStore store, ContentStore content, @ConfigProperty(name = "berth.data-root") Path dataRoot) {
        this.store = store;
        this.content = content;
        this.spool = dataRoot.resolve("spool"); // created on first use: archives are spooled there
    }

    /** Resolves every name first, so an unknown one fails before any byte is sent. */
    public List<ArchiveImage> resolve(List<String> names) throws IOException {
        ImageStoreState state = store.state().join();
        List<ArchiveImage> images = new ArrayList<>();
        for (String name : names) {
            StoredImage image = ImageNames.resolve(state, name)
                    .orElseThrow(() -> new IllegalArgumentException("No such image: " + name));
            List<ImageReference> tags = new ArrayList<>();
            String canonical = ImageNames.canonicalTag(name);
            if (canonical != null && image.tags().contains(canonical)) {
                tags.add(ImageReference.parse(canonical)); // docker save busybox:latest names only that tag
            } else if (canonical == null) {
                image.tags().forEach(t -> tags.add(ImageReference.parse(t)));
            }
            byte[] config;
            try (InputStream in = content.open(image.stored().imageId())) {
                config = in.readAllBytes();
            }
            List<ArchiveLayer> layers = new ArrayList<>();
            for (LayerRef l : image.stored().layers()) {
                Digest blob = l.digest();
                layers.add(new ArchiveLayer(l.diffId(), l.uncompressedSize(), () -> Compression.decompress(content.open(blob), "layer " + blob)));
            }
            images.add(new ArchiveImage(image.stored().imageId(), config, tags, layers));
        }
        return images;
    }

    public void write(List<ArchiveImage> images, OutputStream out) throws IOException {
        java.nio.file.Files.createDirectories(spool);
        new DockerArchiveWriter(spool).write(images, out);
    }
}
