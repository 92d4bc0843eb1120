package io.berth.image.registry.server;

import io.berth.contracts.outcome.CommandOutcome;
import io.berth.contracts.registry.RepositoryCommand.UnlinkBlob;
import io.berth.contracts.types.Digest;
import io.berth.image.application.RegistryRepositories;
import io.berth.image.content.BlobInfo;
import io.berth.image.content.ContentStore;
import io.berth.image.domain.RepositoryState;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** {@code /v2/<name>/blobs/<digest>}: GET (with Range), HEAD, DELETE. Served straight from the content store's file. */
@ApplicationScoped
class BlobEndpoints {
    private final ContentStore content;
    private final RegistryRepositories repositories;

    BlobEndpoints(ContentStore content, RegistryRepositories repositories) {
        this.content = content;
        this.repositories = repositories;
    }

    void get(RegistryExchange ex) throws IOException {
        String name = Paths.name(ex.name());
        Digest digest = Paths.digest(ex.second());
        RepositoryState repository = repositories.state(name);
        Optional<BlobInfo> info = repository.holds(digest) ? content.info(digest) : Optional.empty();
        if (info.isEmpty()) {
            throw new RegistryException(RegistryError.BLOB_UNKNOWN, Map.of("digest", digest.toString()));
        }
        long size = info.get().size();
        ex.response().putHeader("Accept-Ranges", "bytes").putHeader("Cache-Control", "max-age=31536000")
                .putHeader("Content-Type", "application/octet-stream").putHeader("Docker-Content-Digest", digest.toString())
                .putHeader("Etag", "\"" + digest + "\"");
        ByteRange range;
        try {
            range = ByteRange.parse(ex.header("Range"), size);
        } catch (ByteRange.Unsatisfiable e) {
            ex.response().putHeader("Content-Range", "bytes */" + size);
            RegistryResponses.empty(ex, 416);
            return;
        }
        long offset = range == null ? 0 : range.offset();
        long length = range == null ? size : range.length();
        ex.response().setStatusCode(range == null ? 200 : 206).putHeader("Content-Length", Long.toString(length));
        if (range != null) {
            ex.response().putHeader("Content-Range", range.contentRange(size));
        }
        if (ex.isHead()) {
            RegistryResponses.afterEnd(ex, ex.response().end());
        } else {
            // sendfile(2) when the connection allows it: the bytes go from the page cache to the socket.
            RegistryResponses.afterEnd(ex, ex.response().sendFile(content.path(digest).toString(), offset, length));
        }
    }

    /** Unlinks the blob from this repository; its bytes stay in the content store (images and other repositories share them). */
    void delete(RegistryExchange ex) {
        String name = Paths.name(ex.name());
        Digest digest = Paths.digest(ex.second());
        CommandOutcome outcome = repositories.submit(new UnlinkBlob(name, digest), ex.actor());
        Outcomes.requireAccepted(outcome);
        RegistryResponses.empty(ex, 202);
    }
}
