package io.berth.image.registry.client;

import io.berth.contracts.types.Digest;
import java.net.URI;

/** {@code HEAD /v2/<name>/blobs/<digest>}: whether the repository already has the blob (then a push skips it). */
final class BlobChecker implements RegistryEndpointProvider<Boolean> {
    private final String registry;
    private final String repository;
    private final Digest digest;

    BlobChecker(String registry, String repository, Digest digest) {
        this.registry = registry;
        this.repository = repository;
        this.digest = digest;
    }

    @Override
    public String httpMethod() {
        return "HEAD";
    }

    @Override
    public URI uri(RegistryEndpoint endpoint) {
        return endpoint.resolve("/v2/" + repository + "/blobs/" + digest);
    }

    /** 404 is an answer here, not an error: the blob (or the whole repository) is absent. */
    @Override
    public boolean handles(int status) {
        return status == 200 || status == 404;
    }

    @Override
    public Boolean handleResponse(RegistryResponse response) {
        return response.status() == 200;
    }

    @Override
    public String actionDescription() {
        return "check blob exists for " + registry + "/" + repository + " with digest " + digest;
    }
}
