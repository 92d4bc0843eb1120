package io.berth.image.oci;

import java.util.List;
import java.util.Map;

/**
 * A list of manifests, normally one per platform: an OCI index ({@link MediaTypes#OCI_INDEX}) or a
 * Docker manifest list ({@link MediaTypes#DOCKER_MANIFEST_LIST}). BuildKit also lists attestation
 * manifests here, with platform {@code unknown/unknown}; {@link PlatformSelector} skips those.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/image-index.md">OCI image index</a>
 */
public record ImageIndex(int schemaVersion, String mediaType, String artifactType, List<Descriptor> manifests,
                         Descriptor subject, Map<String, String> annotations) implements Manifest {

    public ImageIndex {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("image index schemaVersion must be 2, not " + schemaVersion);
        }
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
        annotations = Descriptor.sortedCopy(annotations);
    }

    public static ImageIndex oci(List<Descriptor> manifests) {
        return new ImageIndex(SCHEMA_VERSION, MediaTypes.OCI_INDEX, null, manifests, null, Map.of());
    }

    public static ImageIndex dockerManifestList(List<Descriptor> manifests) {
        return new ImageIndex(SCHEMA_VERSION, MediaTypes.DOCKER_MANIFEST_LIST, null, manifests, null, Map.of());
    }

    public ImageIndex withAnnotations(Map<String, String> newAnnotations) {
        return new ImageIndex(schemaVersion, mediaType, artifactType, manifests, subject, newAnnotations);
    }
}
