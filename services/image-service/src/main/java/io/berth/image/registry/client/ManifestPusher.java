package io.berth.image.registry.client;

import io.berth.contracts.types.Digest;
import java.net.URI;

/**
 * {@code PUT /v2/<name>/manifests/<tag|digest>} with Content-Type set to the manifest's media type. Returns the
 * registry's Docker-Content-Digest, or the digest of the bytes if it sends none.
 */
final class ManifestPusher implements RegistryEndpointProvider<Digest> {
    private final String registry;
    private final String repository;
    private final String tagOrDigest;
    private final byte[] manifest;
    private final String mediaType;

    ManifestPusher(String registry, String repository, String tagOrDigest, byte[] manifest, String mediaType) {
        this.registry = registry;
        this.repository = repository;
        this.tagOrDigest = tagOrDigest;
        this.manifest = manifest;
        this.mediaType = mediaType;
    }

    @Override
    public String httpMethod() {
        return "PUT";
    }

    @Override
    public URI uri(RegistryEndpoint endpoint) {
        return endpoint.resolve("/v2/" + repository + "/manifests/" + tagOrDigest);
    }

    @Override
    public RequestBody body() {
        return RequestBody.bytes(mediaType, manifest);
    }

    @Override
    public Digest handleResponse(RegistryResponse response) {
        try {
            return response.header("Docker-Content-Digest").map(Digest::parse).orElseGet(() -> Digests.sha256(manifest));
        } catch (IllegalArgumentException e) {
            return Digests.sha256(manifest);
        }
    }

    @Override
    public String actionDescription() {
        return "push manifest for " + ManifestReferences.describe(registry, repository, tagOrDigest);
    }
}
