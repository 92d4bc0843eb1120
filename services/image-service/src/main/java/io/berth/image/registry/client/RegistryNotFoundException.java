package io.berth.image.registry.client;

import java.util.List;

/** The repository, manifest or blob does not exist (404, or MANIFEST_UNKNOWN / NAME_UNKNOWN / BLOB_UNKNOWN). */
public class RegistryNotFoundException extends RegistryException {
    public RegistryNotFoundException(String message, int statusCode, List<RegistryError> errors) {
        super(message, statusCode, errors);
    }
}
