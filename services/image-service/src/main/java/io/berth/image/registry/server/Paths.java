package io.berth.image.registry.server;

import io.berth.contracts.types.Digest;
import io.berth.image.domain.RepositoryNames;
import java.util.Map;

/** Checks the parts of a {@code /v2/} URL, each failure naming the part as the spec's error code. */
final class Paths {
    private Paths() {
    }

    static String name(String name) {
        if (!RepositoryNames.isValidName(name)) {
            throw new RegistryException(RegistryError.NAME_INVALID, "invalid repository name \"" + name
                    + "\": lower-case path components of [a-z0-9] joined by '.', '_', '__' or '-', separated by '/', at most "
                    + RepositoryNames.MAX_NAME_LENGTH + " characters", Map.of("name", name));
        }
        return name;
    }

    static Digest digest(String digest) {
        try {
            return Digest.parse(digest);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(RegistryError.DIGEST_INVALID, "invalid digest \"" + digest
                    + "\": expected sha256:<64 lower-case hex>", Map.of("digest", digest));
        }
    }

    static String manifestLocation(String name, Digest digest) {
        return "/v2/" + name + "/manifests/" + digest;
    }

    static String blobLocation(String name, Digest digest) {
        return "/v2/" + name + "/blobs/" + digest;
    }

    static String uploadLocation(String name, String uploadId) {
        return "/v2/" + name + "/blobs/uploads/" + uploadId;
    }
}
