package io.berth.image.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.contracts.types.Digest;
import io.berth.image.oci.CanonicalJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /v2/<name>/manifests/<tag|digest>} with dockerd's Accept list. Returns the exact bytes, the media type
 * and the digest. A manifest pulled by digest must hash to that digest, and one pulled by tag to the
 * Docker-Content-Digest the registry announces; manifests over 4 MiB are refused, as in containerd and distribution.
 */
final class ManifestPuller implements RegistryEndpointProvider<PulledManifest> {
    static final long MAX_MANIFEST_BYTES = CanonicalJson.MAX_MANIFEST_BYTES; // one limit for reading and serving

    private final String registry;
    private final String repository;
    private final String tagOrDigest;

    ManifestPuller(String registry, String repository, String tagOrDigest) {
        this.registry = registry;
        this.repository = repository;
        this.tagOrDigest = tagOrDigest;
    }

    @Override
    public String httpMethod() {
        return "GET";
    }

    @Override
    public URI uri(RegistryEndpoint endpoint) {
        return endpoint.resolve("/v2/" + repository + "/manifests/" + tagOrDigest);
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
    public BodyReceiver bodyReceiver(HttpResponse.ResponseInfo info) {
        long announced = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (announced > MAX_MANIFEST_BYTES) {
            return BodyReceiver.rejecting(new IOException("the manifest has " + announced
                    + " bytes, more than the " + MAX_MANIFEST_BYTES + " accepted"));
        }
        return BodyReceiver.buffering(MAX_MANIFEST_BYTES);
    }

    @Override
    public PulledManifest handleResponse(RegistryResponse response) throws IOException {
        byte[] bytes = response.body();
        Digest expected = ManifestReferences.isDigest(tagOrDigest) ? Digest.parse(tagOrDigest) : announced(response);
        Digest digest;
        if (expected != null) {
            digest = Digests.of(expected.algorithm(), bytes);
            if (!digest.equals(expected)) {
                throw new IOException("digest mismatch: expected " + expected + ", the manifest hashes to " + digest);
            }
        } else {
            digest = Digests.sha256(bytes);
        }
        return new PulledManifest(bytes, mediaType(response, bytes), digest);
    }

    private static Digest announced(RegistryResponse response) {
        try {
            return response.header("Docker-Content-Digest").map(Digest::parse).orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Content-Type without parameters; for generic JSON types the document's own mediaType field. */
    private static String mediaType(RegistryResponse response, byte[] bytes) {
        String type = response.header("Content-Type").map(t -> t.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))
                .orElse("");
        if (!type.isEmpty() && !type.equals("application/json") && !type.equals("text/plain")) {
            return type;
        }
        try {
            JsonNode field = Json.MAPPER.readTree(bytes).get("mediaType");
            return Optional.ofNullable(field).filter(JsonNode::isTextual).map(JsonNode::asText).orElse(type);
        } catch (IOException | RuntimeException e) {
            return type;
        }
    }

    @Override
    public String actionDescription() {
        return "pull manifest for " + ManifestReferences.describe(registry, repository, tagOrDigest);
    }
}
