package io.berth.image.registry.client;

import io.berth.contracts.types.Digest;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * {@code HEAD /v2/<name>/manifests/<tag>}: the digest a tag points at, without the body. Empty when the registry
 * sends no (valid) Docker-Content-Digest; the caller then GETs by tag.
 */
final class ManifestChecker implements RegistryEndpointProvider<Optional<Digest>> {
    private final String registry;
    private final String repository;
    private final String tag;

    ManifestChecker(String registry, String repository, String tag) {
        this.registry = registry;
        this.repository = repository;
        this.tag = tag;
    }

    @Override
    public String httpMethod() {
        return "HEAD";
    }

    @Override
    public URI uri(RegistryEndpoint endpoint) {
        return endpoint.resolve("/v2/" + repository + "/manifests/" + tag);
    }

    @Override
    public List<String> accept() {
        return ManifestMediaTypes.ACCEPTED;
    }

    @Override
    public boolean handles(int status) {
        return status == 200;
    }

    @Override
    public Optional<Digest> handleResponse(RegistryResponse response) {
        try {
            return response.header("Docker-Content-Digest").map(Digest::parse);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String actionDescription() {
        return "check manifest for " + ManifestReferences.describe(registry, repository, tag);
    }
}
