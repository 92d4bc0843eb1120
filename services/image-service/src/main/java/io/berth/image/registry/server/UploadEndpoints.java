package io.berth.image.registry.server;

import io.berth.contracts.registry.RepositoryCommand.LinkBlob;
import io.berth.contracts.types.Digest;
import io.berth.image.application.RegistryRepositories;
import io.berth.image.content.ContentStore;
import io.berth.image.content.DigestMismatchException;
import io.berth.image.content.Ingest;
import io.berth.image.domain.RepositoryNames;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Blob uploads, {@code /v2/<name>/blobs/uploads/[<uuid>]}. An upload is an {@link Ingest} of the content store and its
 * uuid is the ingest id (32 random characters, so an upload URL is a capability); nothing else is kept, so an upload
 * outlives a restart of image-service as the ingest file it is ({@link ContentStore#resume}). Bodies are streamed to
 * the ingest; the blob becomes visible only when the closing PUT's digest matches, and is then linked into the
 * repository.
 */
@ApplicationScoped
class UploadEndpoints {
    private final ContentStore content;
    private final RegistryRepositories repositories;

    UploadEndpoints(ContentStore content, RegistryRepositories repositories) {
        this.content = content;
        this.repositories = repositories;
    }

    /** POST: a cross-repository mount, a monolithic upload ({@code ?digest=}), or the start of a chunked one. */
    void start(RegistryExchange ex) throws IOException {
        String name = Paths.name(ex.name());
        if (ex.query("mount") != null && mounted(ex, name, Paths.digest(ex.query("mount")), ex.query("from"))) {
            return;
        }
        String digestParam = ex.query("digest");
        if (digestParam != null) {
            Digest digest = Paths.digest(digestParam);
            Ingest ingest = content.begin();
            try {
                append(ingest, ex);
                commitAndLink(ex, name, ingest, digest);
            } finally {
                ingest.abort(); // nothing after a commit; otherwise the partial upload goes
            }
            return;
        }
        Ingest ingest = content.begin();
        append(ingest, ex); // a POST that starts a chunked upload has no body, but a first chunk would be kept
        accepted(ex, 202, name, ingest);
    }

    /** PATCH: append one chunk, streamed; it must start where the upload ends. */
    void patch(RegistryExchange ex) throws IOException {
        String name = Paths.name(ex.name());
        Ingest ingest = resume(ex);
        requireInOrder(ex, name, ingest);
        append(ingest, ex);
        accepted(ex, 202, name, ingest);
    }

    /** PUT {@code ?digest=}: the last chunk (optional), then verify and publish the blob and link it. */
    void finish(RegistryExchange ex) throws IOException {
        String name = Paths.name(ex.name());
        Ingest ingest = resume(ex);
        String digestParam = ex.query("digest");
        if (digestParam == null) {
            throw new RegistryException(RegistryError.DIGEST_INVALID, "the closing PUT of an upload needs ?digest=<digest of the whole blob>", null);
        }
        Digest digest = Paths.digest(digestParam);
        requireInOrder(ex, name, ingest);
        append(ingest, ex);
        commitAndLink(ex, name, ingest, digest);
    }

    /** GET: where the upload stands, so a client can resume after a 416 or a broken connection. */
    void status(RegistryExchange ex) throws IOException {
        String name = Paths.name(ex.name());
        accepted(ex, 204, name, resume(ex));
    }

    /** DELETE: cancel; the partial bytes are deleted. */
    void cancel(RegistryExchange ex) throws IOException {
        Paths.name(ex.name());
        resume(ex).abort();
        RegistryResponses.empty(ex, 204);
    }

    /** Links a blob another repository holds; false (an ordinary upload follows) when {@code from} does not hold it. */
    private boolean mounted(RegistryExchange ex, String name, Digest digest, String from) throws IOException {
        if (from == null || !RepositoryNames.isValidName(from) || !repositories.state(from).blobs().containsKey(digest)) {
            return false;
        }
        Optional<Long> size = content.info(digest).map(i -> i.size());
        if (size.isEmpty()) {
            return false;
        }
        Outcomes.requireAccepted(repositories.submit(new LinkBlob(name, digest, size.get()), ex.actor()));
        created(ex, name, digest);
        return true;
    }

    private void commitAndLink(RegistryExchange ex, String name, Ingest ingest, Digest digest) throws IOException {
        long size = ingest.size();
        Digest committed;
        try {
            committed = ingest.commit(digest, -1);
        } catch (DigestMismatchException e) {
            throw new RegistryException(RegistryError.DIGEST_INVALID, "the uploaded " + size + " bytes have digest " + e.actual()
                    + ", not " + digest + "; nothing was stored and the upload is gone", Map.of("digest", digest.toString()));
        } catch (IllegalArgumentException notSha256) {
            throw new RegistryException(RegistryError.DIGEST_INVALID, notSha256.getMessage(), Map.of("digest", digest.toString()));
        }
        Outcomes.requireAccepted(repositories.submit(new LinkBlob(name, committed, size), ex.actor()));
        created(ex, name, committed);
    }

    private Ingest resume(RegistryExchange ex) throws IOException {
        Optional<Ingest> ingest = content.resume(ex.second());
        if (ingest.isEmpty() || !ingest.get().isOpen()) {
            throw new RegistryException(RegistryError.BLOB_UPLOAD_UNKNOWN, "no upload " + ex.second()
                    + " (it was completed, cancelled, or never started)", Map.of("uuid", ex.second()));
        }
        return ingest.get();
    }

    /** A chunk with a Content-Range must continue the upload exactly (and its length, if given, must agree). */
    private static void requireInOrder(RegistryExchange ex, String name, Ingest ingest) {
        ContentRange range = ContentRange.parse(ex.header("Content-Range"));
        if (range == null) {
            return;
        }
        long size = ingest.size();
        long declared = RegistryResponses.declaredBodyLength(ex);
        if (range.first() != size || (declared != Long.MAX_VALUE && declared != range.length())) {
            ex.response().putHeader("Location", Paths.uploadLocation(name, ingest.id())).putHeader("Range", range(size))
                    .putHeader("Docker-Upload-UUID", ingest.id());
            throw new RegistryException(RegistryError.BLOB_UPLOAD_OUT_OF_ORDER, "chunk " + range.first() + "-" + range.last()
                    + (range.first() != size ? " does not continue the upload, which holds " + size + " bytes"
                    : " is " + range.length() + " bytes but the body is " + declared), Map.of("size", size));
        }
    }

    /** Streams the request body into the ingest; a body broken off leaves what arrived, and no blob. */
    private static void append(Ingest ingest, RegistryExchange ex) throws IOException {
        try {
            ex.body().transferTo(ingest::write);
        } catch (IOException e) {
            if (!ingest.isOpen()) {
                throw e; // the disk failed
            }
            throw new RegistryException(RegistryError.BLOB_UPLOAD_INVALID, e.getMessage(), Map.of("uuid", ingest.id()));
        }
    }

    private static void accepted(RegistryExchange ex, int status, String name, Ingest ingest) {
        ex.response().putHeader("Location", Paths.uploadLocation(name, ingest.id())).putHeader("Range", range(ingest.size()))
                .putHeader("Docker-Upload-UUID", ingest.id());
        RegistryResponses.empty(ex, status);
    }

    private static void created(RegistryExchange ex, String name, Digest digest) {
        ex.response().putHeader("Location", Paths.blobLocation(name, digest)).putHeader("Docker-Content-Digest", digest.toString());
        RegistryResponses.empty(ex, 201);
    }

    /** The Range header of an upload: the inclusive span held so far, "0-0" while empty (as registry 2.8 answers). */
    private static String range(long size) {
        return "0-" + Math.max(0, size - 1);
    }
}
