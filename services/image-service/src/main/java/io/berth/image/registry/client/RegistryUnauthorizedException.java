package io.berth.image.registry.client;

import java.util.List;

/** The registry or its token server refused the credentials (401) or the access (403). */
public class RegistryUnauthorizedException extends RegistryException {
    public RegistryUnauthorizedException(String message, int statusCode, List<RegistryError> errors) {
        super(message, statusCode, errors);
    }
}
