package io.berth.image.application;

import io.berth.contracts.image.ImageCommand.RecordRepoDigest;
import io.berth.contracts.image.ImageCommand.StoreImage;
import io.berth.contracts.image.LayerRef;
import io.berth.contracts.outcome.CommandOutcome;
import io.berth.contracts.types.Digest;
import io.berth.contracts.types.ImageReference;
import io.berth.tar.InvalidArchiveException;
import io.berth.image.archive.LayerCheck;
import io.berth.tar.TarPolicy;
import io.berth.image.content.ContentStore;
import io.berth.image.oci.CanonicalJson;
import io.berth.image.oci.Descriptor;
import io.berth.image.oci.ImageConfig;
import io.berth.image.oci.ImageIndex;
import io.berth.image.oci.ImageManifest;
import io.berth.image.oci.Manifest;
import io.berth.image.oci.ManifestParser;
import io.berth.image.oci.Platform;
import io.berth.image.oci.PlatformSelector;
import io.berth.image.registry.client.BlobRef;
import io.berth.image.registry.client.ImageToPull;
import io.berth.image.registry.client.PullResult;
import io.berth.image.registry.client.RegistryClient;
import io.berth.image.registry.client.RegistryCredentials;
import io.berth.image.registry.client.RegistryException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code docker pull}: resolve the reference (an index picks linux/amd64), fetch what is missing into the content
 * store (each blob verified before it becomes visible), check every layer's members and its diff_id, and only
 * then record the image, so a failed pull leaves no image behind.
 */
@ApplicationScoped
public class PullImage {
    private final ImageStore store;
    private final ContentStore content;
    private final RegistryClient registry;

    public PullImage(ImageStore store, ContentStore content, RegistryClient registry) {
        this.store = store;
        this.content = content;
        this.registry = registry;
    }

    /** Returns the image store's sequence after the pull (0 if it failed; the failure is in the stream). */
    public long run(String reference, RegistryCredentials credentials, JsonProgress progress) throws IOException {
        ImageReference ref = ImageReference.parse(reference);
        String familiar = ref.familiar();
        String repository = ref.registry().equals(ImageReference.DEFAULT_REGISTRY) ? ref.repository() : ref.familiar().split("[:@]")[0];
        progress.status(ref.tag() != null ? ref.tag() : ref.digest().toString(), "Pulling from " + repository.replaceFirst(":\\d+$", ""));
        PullResult result;
        try {
            result = registry.pull(new ImageToPull(ref, credentials, PullImage::chooseAmd64, PullImage::blobsOf,
                    new ContentStoreSink(content)), progress::progress);
        } catch (RegistryException e) {
            progress.error(e.getMessage());
            return 0;
        }
        Digest manifestDigest = content.put(result.manifest().bytes());
        if (!manifestDigest.equals(result.manifest().digest())) {
            progress.error("manifest digest mismatch: the registry said " + result.manifest().digest() + ", the bytes are " + manifestDigest);
            return 0;
        }
        ImageManifest manifest = (ImageManifest) ManifestParser.parse(result.manifest().bytes(), result.manifest().mediaType());
        ImageConfig config;
        try (InputStream in = content.open(manifest.config().digest())) {
            config = CanonicalJson.readImageConfig(in.readAllBytes());
        }
        List<Digest> diffIds = config.diffIds();
        if (diffIds.size() != manifest.layers().size()) {
            progress.error("image config lists " + diffIds.size() + " layers but the manifest has " + manifest.layers().size());
            return 0;
        }
        List<LayerRef> layers = new ArrayList<>();
        long size = 0;
        for (int i = 0; i < diffIds.size(); i++) {
            Descriptor d = manifest.layers().get(i);
            LayerCheck m;
            try (InputStream in = content.open(d.digest())) {
                m = LayerCheck.read(in, TarPolicy.imageLayer(), "layer " + d.digest());
            } catch (InvalidArchiveException e) {
                progress.error(e.getMessage()); // a layer with members escaping its root never becomes part of an image
                return 0;
            }
            if (!m.diffId().equals(diffIds.get(i))) {
                progress.error("layer " + d.digest() + " unpacks to " + m.diffId() + " but the config expects " + diffIds.get(i));
                return 0;
            }
            layers.add(new LayerRef(d.digest(), m.diffId(), d.size(), m.uncompressedSize(), d.mediaType()));
            size += m.uncompressedSize();
        }
        Digest imageId = manifest.config().digest();
        boolean known = store.state().join().images().containsKey(imageId);
        String tag = ref.canonicalTag().orElse(null);
        boolean tagAlreadyThere = tag != null && imageId.equals(store.state().join().tags().get(tag));
        StoreImage command = new StoreImage(imageId, manifestDigest, result.manifest().mediaType(), result.manifest().bytes().length,
                layers, size, config.created().orElse(Instant.EPOCH), "pull", tag == null ? List.of() : List.of(tag));
        CommandOutcome outcome = store.submit(command, "pull").join();
        if (outcome instanceof CommandOutcome.CommandRejected r) {
            progress.error(r.reason());
            return 0;
        }
        String repoDigest = new ImageReference(ref.registry(), ref.repository(), null, result.digest()).familiar();
        outcome = store.submit(new RecordRepoDigest(imageId, repoDigest), "pull").join();
        if (outcome instanceof CommandOutcome.CommandRejected r) {
            progress.error(r.reason());
            return 0;
        }
        progress.status("Digest: " + result.digest());
        progress.status((known && tagAlreadyThere ? "Status: Image is up to date for " : "Status: Downloaded newer image for ") + familiar);
        return ((CommandOutcome.CommandAccepted) outcome).lastSequence();
    }

    private static Digest chooseAmd64(byte[] indexBytes) {
        Manifest m = ManifestParser.parse(indexBytes, null);
        return m instanceof ImageIndex index ? PlatformSelector.select(index, Platform.LINUX_AMD64).digest() : null;
    }

    private static List<BlobRef> blobsOf(byte[] manifestBytes) {
        ImageManifest m = (ImageManifest) ManifestParser.parse(manifestBytes, null);
        List<BlobRef> blobs = new ArrayList<>();
        blobs.add(new BlobRef(m.config().digest(), m.config().size(), m.config().mediaType()));
        m.layers().forEach(l -> blobs.add(new BlobRef(l.digest(), l.size(), l.mediaType())));
        return blobs;
    }
}
