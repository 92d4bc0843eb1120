package io.berth.image.application;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.contracts.image.ImageCommand.RecordRepoDigest;
import io.berth.contracts.image.LayerRef;
import io.berth.contracts.outcome.CommandOutcome;
import io.berth.contracts.types.Digest;
import io.berth.contracts.types.ImageReference;
import io.berth.image.content.ContentStore;
import io.berth.image.domain.StoredImage;
import io.berth.image.oci.Descriptor;
import io.berth.image.oci.ImageManifest;
import io.berth.image.oci.ManifestParser;
import io.berth.image.registry.client.BlobRef;
import io.berth.image.registry.client.BlobToPush;
import io.berth.image.registry.client.ImageToPush;
import io.berth.image.registry.client.PushResult;
import io.berth.image.registry.client.RegistryClient;
import io.berth.image.registry.client.RegistryCredentials;
import io.berth.image.registry.client.RegistryException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code docker push}: the image a tag points at goes to the tag's registry as stored (same manifest bytes, so
 * the same digest), blobs the registry has are skipped, progress is streamed in Docker's format.
 */
@ApplicationScoped
public class PushImage {
    private final ImageStore store;
    private final ContentStore content;
    private final RegistryClient registry;

    public PushImage(ImageStore store, ContentStore content, RegistryClient registry) {
        this.store = store;
        this.content = content;
        this.registry = registry;
    }

    /** Returns the image store's sequence after recording the repo digest (0 if the push failed; the failure is in the stream). */
    public long run(String reference, RegistryCredentials credentials, JsonProgress progress) throws IOException {
        ImageReference ref = ImageReference.parse(reference);
        ImageReference tagged = new ImageReference(ref.registry(), ref.repository(), ref.tag() == null ? ImageReference.DEFAULT_TAG : ref.tag(), null);
        String repository = tagged.familiar().substring(0, tagged.familiar().lastIndexOf(':'));
        Digest imageId = store.state().join().tags().get(tagged.canonical());
        if (imageId == null) {
            progress.error("An image does not exist locally with the tag: " + repository);
            return 0;
        }
        StoredImage image = store.state().join().images().get(imageId);
        byte[] manifestBytes;
        try (var in = content.open(image.stored().manifestDigest())) {
            manifestBytes = in.readAllBytes();
        }
        ImageManifest manifest = (ImageManifest) ManifestParser.parse(manifestBytes, image.stored().manifestMediaType());
        List<BlobToPush> blobs = new ArrayList<>();
        List<LayerRef> layers = image.stored().layers();
        for (int i = 0; i < manifest.layers().size(); i++) {
            Descriptor d = manifest.layers().get(i);
            String progressId = i < layers.size() ? layers.get(i).diffId().shortHex() : d.digest().shortHex();
            blobs.add(BlobToPush.of(new BlobRef(d.digest(), d.size(), d.mediaType()), () -> content.open(d.digest())).withProgressId(progressId));
        }
        Descriptor config = manifest.config();
        blobs.add(BlobToPush.of(new BlobRef(config.digest(), config.size(), config.mediaType()), () -> content.open(config.digest())));

        progress.status("The push refers to repository [" + repository + "]");
        try {
            PushResult result = registry.push(new ImageToPush(tagged, credentials, blobs, manifestBytes, image.stored().manifestMediaType()),
                    progress::progress);
            var recorded = store.submit(new RecordRepoDigest(imageId, repository + "@" + result.digest()), "push").join();
            progress.status(tagged.tag() + ": digest: " + result.digest() + " size: " + result.size());
            ObjectNode aux = progress.node().put("Tag", tagged.tag()).put("Digest", result.digest().toString()).put("Size", result.size());
            progress.aux(aux);
            return recorded instanceof CommandOutcome.CommandAccepted a ? a.lastSequence() : 0;
        } catch (RegistryException e) {
            progress.error(e.getMessage());
            return 0;
        }
    }
}
