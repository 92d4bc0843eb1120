package io.berth.image.registry.client;

import java.net.URI;

/** {@code GET /v2/} with credentials: 200 means the registry accepts them (this is all {@code docker login} does). */
final class ApiVersionCheck implements RegistryEndpointProvider<Void> {
    private final String registry;

    ApiVersionCheck(String registry) {
        this.registry = registry;
    }

    @Override
    public String httpMethod() {
        return "GET";
    }

    @Override
    public URI uri(RegistryEndpoint endpoint) {
        return endpoint.resolve("/v2/");
    }

    @Override
    public Void handleResponse(RegistryResponse response) {
        return null;
    }

    @Override
    public String actionDescription() {
        return "log in to " + registry;
    }
}
