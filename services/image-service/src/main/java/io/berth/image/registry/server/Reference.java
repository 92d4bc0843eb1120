package io.berth.image.registry.server;

import io.berth.contracts.types.Digest;
import io.berth.image.domain.RepositoryNames;
import java.util.Map;

/** The {@code <reference>} of a manifest URL: a digest (it has a ':') or else a tag. */
record Reference(String tag, Digest digest) {
    static Reference parse(String reference) {
        if (reference.indexOf(':') >= 0) {
            return new Reference(null, Paths.digest(reference));
        }
        if (!RepositoryNames.isValidTag(reference)) {
            throw new RegistryException(RegistryError.TAG_INVALID, "invalid tag \"" + reference
                    + "\": a tag is [a-zA-Z0-9_] then up to 127 of [a-zA-Z0-9._-]", Map.of("Tag", reference));
        }
        return new Reference(reference, null);
    }

    boolean isTag() {
        return tag != null;
    }

    @Override
    public String toString() {
        return isTag() ? tag : digest.toString();
    }
}
