package io.berth.image.oci;

import io.berth.contracts.types.Digest;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A typed, sized pointer to content (OCI image spec, descriptor.md).
 *
 * @param urls         where a foreign layer can be fetched; empty if none
 * @param annotations  sorted by key, as they are written; empty if none
 * @param platform     only meaningful in an index; null otherwise
 * @param artifactType OCI 1.1 artifact type of the referenced manifest; null if none
 */
public record Descriptor(String mediaType, Digest digest, long size, List<String> urls, Map<String, String> annotations,
                         Platform platform, String artifactType) {

    public Descriptor {
        if (mediaType == null || mediaType.isBlank()) {
            throw new IllegalArgumentException("descriptor mediaType is required");
        }
        if (digest == null) {
            throw new IllegalArgumentException("descriptor digest is required");
        }
        if (size < 0) {
            throw new IllegalArgumentException("descriptor size must not be negative: " + size);
        }
        urls = urls == null ? List.of() : List.copyOf(urls);
        annotations = sortedCopy(annotations);
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, List.of(), Map.of(), null, null);
    }

    public Descriptor withPlatform(Platform newPlatform) {
        return new Descriptor(mediaType, digest, size, urls, annotations, newPlatform, artifactType);
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, urls, newAnnotations, platform, artifactType);
    }

    public Descriptor withUrls(List<String> newUrls) {
        return new Descriptor(mediaType, digest, size, newUrls, annotations, platform, artifactType);
    }

    static Map<String, String> sortedCopy(Map<String, String> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
    }
}
