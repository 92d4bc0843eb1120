package io.berth.image.application;

import io.berth.contracts.image.ImageCommand.StoreImage;
import io.berth.contracts.image.LayerRef;
import io.berth.contracts.outcome.CommandOutcome;
import io.berth.contracts.types.Digest;
import io.berth.contracts.types.ImageReference;
import io.berth.image.archive.ArchiveImage;
import io.berth.image.archive.ArchiveLayer;
import io.berth.image.archive.DockerArchive;
import io.berth.image.archive.DockerArchiveReader;
import io.berth.tar.InvalidArchiveException;
import io.berth.image.archive.LayerBlob;
import io.berth.image.archive.LayerDigests;
import io.berth.tar.TarPolicy;
import io.berth.image.content.ContentStore;
import io.berth.image.oci.CanonicalJson;
import io.berth.image.oci.Descriptor;
import io.berth.image.oci.ImageConfig;
import io.berth.image.oci.ImageManifest;
import io.berth.image.oci.MediaTypes;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code docker load}: every image of a Docker or OCI archive, each layer checked member by member and against its
 * diff_id, stored gzip-compressed with a Docker schema2 manifest. An image is recorded only when all its blobs are in.
 */
@ApplicationScoped
public class LoadImages {
    private final ImageStore store;
    private final ContentStore content;
    private final Path spool;

    public LoadImages(ImageStore store, ContentStore content, @ConfigProperty(name = "berth.data-root") Path dataRoot) {
        this.store = store;
        this.content = content;
        this.spool = dataRoot.resolve("spool"); // created on first use: archives are spooled there
    }

    /** Loaded images, one line each as {@code docker load} prints them; and the store's sequence after the last one. */
    public record Loaded(List<String> lines, long sequence) {
    }

    public Loaded run(InputStream archive) throws IOException {
        List<String> lines = new ArrayList<>();
        long sequence = 0;
        java.nio.file.Files.createDirectories(spool);
        try (DockerArchive read = new DockerArchiveReader(spool).read(archive)) {
            for (ArchiveImage image : read.images()) {
                sequence = store(image);
                if (image.repoTags().isEmpty()) {
                    lines.add("Loaded image ID: " + image.imageId());
                }
                image.repoTags().forEach(t -> lines.add("Loaded image: " + t.familiar()));
            }
        }
        return new Loaded(lines, sequence);
    }

    private long store(ArchiveImage image) throws IOException {
        List<LayerRef> layers = new ArrayList<>();
        List<Descriptor> descriptors = new ArrayList<>();
        long size = 0;
        for (ArchiveLayer layer : image.layers()) {
            LayerDigests d = storeLayer(layer);
            if (!d.diffId().equals(layer.diffId())) {
                throw new InvalidArchiveException("layer " + layer.diffId() + " of " + image.imageId() + " has content " + d.diffId());
            }
            layers.add(d.toLayerRef(MediaTypes.DOCKER_LAYER_GZIP));
            descriptors.add(Descriptor.of(MediaTypes.DOCKER_LAYER_GZIP, d.compressedDigest(), d.compressedSize()));
            size += d.uncompressedSize();
        }
        Digest configDigest = content.put(image.config());
        ImageConfig config = CanonicalJson.readImageConfig(image.config());
        byte[] manifest = CanonicalJson.write(ImageManifest.docker(Descriptor.of(MediaTypes.DOCKER_CONFIG, configDigest, image.config().length), descriptors));
        Digest manifestDigest = content.put(manifest);
        List<String> tags = image.repoTags().stream().map(ImageReference::canonical).toList();
        CommandOutcome outcome = store.submit(new StoreImage(configDigest, manifestDigest, MediaTypes.DOCKER_MANIFEST, manifest.length,
                layers, size, config.created().orElse(Instant.EPOCH), "load", tags), "load").join();
        if (outcome instanceof CommandOutcome.CommandRejected r) {
            throw new InvalidArchiveException(r.reason());
        }
        return ((CommandOutcome.CommandAccepted) outcome).lastSequence();
    }

    private LayerDigests storeLayer(ArchiveLayer layer) throws IOException {
        try (InputStream tar = layer.tar().open()) {
            return LayerIngest.store(content, out -> LayerBlob.write(tar, TarPolicy.imageLayer(), out));
        }
    }
}
