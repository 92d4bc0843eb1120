package io.berth.image.registry.client;

import io.berth.contracts.types.Digest;
import io.berth.contracts.types.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code docker push}: every blob is checked first (present: "Layer already exists"), then mounted from its source
 * repository if one is known, else uploaded; the manifest goes last, once the registry has everything it references.
 */
final class PushOperation {
    private final ImageToPush image;
    private final ProgressListener listener;
    private final RegistryClientSettings settings;
    private final LongSupplier nanoClock;
    private final String registry;
    private final String repository;

    PushOperation(ImageToPush image, ProgressListener listener, RegistryClientSettings settings,
            LongSupplier nanoClock) {
        this.image = image;
        this.listener = listener;
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.registry = image.target().registry();
        this.repository = image.target().repository();
    }

    /** Token scopes: push to the target, pull from every mount source. */
    static List<String> scopes(ImageToPush image) {
        List<String> scopes = new ArrayList<>();
        scopes.add("repository:" + image.target().repository() + ":pull,push");
        image.blobs().stream().map(BlobToPush::mountFrom)
                .filter(from -> from != null && !from.equals(image.target().repository()))
                .distinct()
                .forEach(from -> scopes.add("repository:" + from + ":pull"));
        return scopes;
    }

    PushResult run(RegistrySession session) throws RegistryException {
        Map<Digest, BlobToPush> unique = new LinkedHashMap<>();
        image.blobs().forEach(blob -> unique.putIfAbsent(blob.blob().digest(), blob));
        List<BlobToPush> blobs = List.copyOf(unique.values());
        blobs.forEach(blob -> listener.onProgress(ProgressEvent.status(blob.progressId(), ProgressEvent.PREPARING)));
        for (int i = settings.maxConcurrentTransfers(); i < blobs.size(); i++) {
            listener.onProgress(ProgressEvent.status(blobs.get(i).progressId(), ProgressEvent.WAITING));
        }
        List<Transfers.Task> tasks = new ArrayList<>();
        blobs.forEach(blob -> tasks.add(() -> pushBlob(session, blob)));
        Transfers.runAll(tasks, settings.maxConcurrentTransfers());

        ImageReference target = image.target();
        String tagOrDigest = target.tag() != null ? target.tag() : target.digest().toString();
        Digest digest = session.call(new ManifestPusher(registry, repository, tagOrDigest, image.manifest(),
                image.manifestMediaType()));
        return new PushResult(target, digest, image.manifest().length);
    }

    private void pushBlob(RegistrySession session, BlobToPush blob) throws RegistryException {
        String id = blob.progressId();
        if (session.call(new BlobChecker(registry, repository, blob.blob().digest()))) {
            listener.onProgress(ProgressEvent.status(id, ProgressEvent.LAYER_ALREADY_EXISTS));
            return;
        }
        String mountFrom = repository.equals(blob.mountFrom()) ? null : blob.mountFrom();
        ProgressThrottle progress = new ProgressThrottle(listener, id, ProgressEvent.PUSHING, blob.blob().size(),
                nanoClock);
        BlobPusher.Outcome outcome = new BlobPusher(registry, repository, blob.blob(), blob.source(), mountFrom,
                settings.uploadChunkSize(), progress).push(session);
        listener.onProgress(ProgressEvent.status(id, outcome == BlobPusher.Outcome.MOUNTED
                ? ProgressEvent.MOUNTED_FROM + mountFrom : ProgressEvent.PUSHED));
    }
}
