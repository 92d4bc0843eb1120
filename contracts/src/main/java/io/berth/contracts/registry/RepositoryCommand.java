package io.berth.contracts.registry;

import io.berth.contracts.envelope.Command;
import io.berth.contracts.envelope.WireType;
import io.berth.contracts.types.Digest;
import java.util.List;

/**
 * Changes to one registry repository. Issued inside image-service by its {@code /v2/} API, which is the only
 * writer of repository aggregates; they are wire types all the same so that outcomes and replays name them.
 */
public sealed interface RepositoryCommand extends Command {
    String repository();

    /** Make a blob that is in the content store part of the repository (after an upload or a mount). */
    @WireType(name = "registry.link-blob", version = 1)
    record LinkBlob(String repository, Digest digest, long size) implements RepositoryCommand {
    }

    /**
     * Store a pushed manifest; {@code tag}, when not null, is pointed at it in the same decision (a push by tag).
     * Refused unless every one of {@code references} is in the repository.
     */
    @WireType(name = "registry.store-manifest", version = 1)
    record StoreManifest(String repository, Digest digest, String mediaType, long size, List<Digest> references,
                         String tag) implements RepositoryCommand {
        public StoreManifest {
            references = List.copyOf(references);
        }
    }

    @WireType(name = "registry.set-tag", version = 1)
    record SetTag(String repository, String tag, Digest digest) implements RepositoryCommand {
    }

    @WireType(name = "registry.delete-tag", version = 1)
    record DeleteTag(String repository, String tag) implements RepositoryCommand {
    }

    /** Delete a manifest by digest, and every tag naming it. */
    @WireType(name = "registry.delete-manifest", version = 1)
    record DeleteManifest(String repository, Digest digest) implements RepositoryCommand {
    }

    @WireType(name = "registry.unlink-blob", version = 1)
    record UnlinkBlob(String repository, Digest digest) implements RepositoryCommand {
    }
}
