package io.berth.image.registry.client;

import io.berth.contracts.types.Digest;
import io.berth.contracts.types.ImageReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * {@code docker pull}, as dockerd does it: HEAD the tag for its digest, GET the manifest by that digest (so it is
 * verified), choose a platform's manifest from an index, then fetch the blobs the sink lacks.
 */
final class PullOperation {
    /** An index may point at an index; more nesting than this is refused. */
    private static final int MAX_INDEX_DEPTH = 2;

    private final ImageToPull request;
    private final ProgressListener listener;
    private final RegistryClientSettings settings;
    private final LongSupplier nanoClock;
    private final String registry;
    private final String repository;

    PullOperation(ImageToPull request, ProgressListener listener, RegistryClientSettings settings,
            LongSupplier nanoClock) {
        this.request = request;
        this.listener = listener;
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.registry = request.reference().registry();
        this.repository = request.reference().repository();
    }

    static List<String> scopes(ImageToPull request) {
        return List.of("repository:" + request.reference().repository() + ":pull");
    }

    PullResult run(RegistrySession session) throws RegistryException {
        PulledManifest top = resolve(session);
        PulledManifest index = null;
        PulledManifest manifest = top;
        for (int depth = 0; ManifestMediaTypes.isIndex(manifest.mediaType()); depth++) {
            if (depth == MAX_INDEX_DEPTH) {
                throw failure("choose a manifest for " + describe(), "indexes nested more than " + depth + " deep");
            }
            PulledManifest currentIndex = manifest;
            Digest chosen = apply("choose a platform from the index of " + describe(),
                    () -> request.platformChooser().apply(currentIndex.bytes()));
            if (chosen == null) {
                throw new RegistryNotFoundException(RegistryException.describe("pull " + describe(),
                        "no matching manifest for this platform in the manifest list entries"), 0, List.of());
            }
            index = index == null ? manifest : index;
            manifest = session.call(new ManifestPuller(registry, repository, chosen.toString()));
        }
        PulledManifest finalManifest = manifest;
        List<BlobRef> blobs = apply("read the manifest of " + describe(),
                () -> List.copyOf(request.manifestBlobs().apply(finalManifest.bytes())));
        int downloaded = fetch(session, blobs);
        return new PullResult(request.reference(), top.digest(), index, manifest, blobs, downloaded);
    }

    /** By digest if the reference has one; else the tag's digest from a HEAD, falling back to GET by tag. */
    private PulledManifest resolve(RegistrySession session) throws RegistryException {
        ImageReference ref = request.reference();
        if (ref.digest() != null) {
            return session.call(new ManifestPuller(registry, repository, ref.digest().toString()));
        }
        Digest headDigest;
        try {
            headDigest = session.call(new ManifestChecker(registry, repository, ref.tag())).orElse(null);
        } catch (RegistryUnauthorizedException e) {
            throw e;
        } catch (RegistryException e) {
            // A HEAD error has no body, so no message worth showing: the GET below says why (dockerd does the same).
            headDigest = null;
        }
        return session.call(new ManifestPuller(registry, repository,
                headDigest != null ? headDigest.toString() : ref.tag()));
    }

    private int fetch(RegistrySession session, List<BlobRef> blobs) throws RegistryException {
        Map<Digest, BlobRef> missing = new LinkedHashMap<>();
        for (BlobRef blob : blobs) {
            boolean present;
            try {
                present = missing.containsKey(blob.digest()) || request.sink().has(blob.digest());
            } catch (IOException e) {
                throw new RegistryException(RegistryException.describe("look up blob " + blob.digest()
                        + " in the local store", String.valueOf(e.getMessage())), e);
            }
            if (present) {
                if (!missing.containsKey(blob.digest())) {
                    listener.onProgress(ProgressEvent.status(blob.digest().shortHex(), ProgressEvent.ALREADY_EXISTS));
                }
            } else {
                missing.put(blob.digest(), blob);
                listener.onProgress(ProgressEvent.status(blob.digest().shortHex(), ProgressEvent.PULLING_FS_LAYER));
            }
        }
        List<BlobRef> toFetch = List.copyOf(missing.values());
        for (int i = settings.maxConcurrentTransfers(); i < toFetch.size(); i++) {
            listener.onProgress(ProgressEvent.status(toFetch.get(i).digest().shortHex(), ProgressEvent.WAITING));
        }
        AtomicInteger done = new AtomicInteger();
        List<Transfers.Task> tasks = new ArrayList<>();
        for (BlobRef blob : toFetch) {
            tasks.add(() -> {
                new BlobPuller(registry, repository, blob, request.sink(), listener, nanoClock).pull(session);
                done.incrementAndGet();
            });
        }
        Transfers.runAll(tasks, settings.maxConcurrentTransfers());
        return done.get();
    }

    private String describe() {
        return request.reference().familiar();
    }

    private interface CallerCode<T> {
        T get();
    }

    /** Runs the caller's manifest functions; their exceptions become registry errors naming the step. */
    private static <T> T apply(String action, CallerCode<T> code) throws RegistryException {
        try {
            return code.get();
        } catch (RuntimeException e) {
            throw new RegistryException(RegistryException.describe(action, String.valueOf(e.getMessage())), e);
        }
    }

    private static RegistryException failure(String action, String reason) {
        return new RegistryException(RegistryException.describe(action, reason), 0, List.of());
    }
}
