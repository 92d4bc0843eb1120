package io.berth.image.domain;

import io.berth.contracts.types.Digest;
import java.util.List;

/** A manifest stored in a repository: what the registry needs to serve it and to know what it references. */
public record RepositoryManifest(Digest digest, String mediaType, long size, List<Digest> references) {
    public RepositoryManifest {
        references = List.copyOf(references);
    }
}
