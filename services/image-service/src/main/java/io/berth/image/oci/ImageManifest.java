package io.berth.image.oci;

import java.util.List;
import java.util.Map;

/**
 * An image manifest: one config plus the layers in order, base first. The same shape serves OCI
 * ({@link MediaTypes#OCI_MANIFEST}) and Docker schema2 ({@link MediaTypes#DOCKER_MANIFEST}); only
 * the media types differ.
 *
 * <p>Example (OCI, abbreviated): {@code {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
 * "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:…","size":1470},
 * "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:…","size":3622892}]}}
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/manifest.md">OCI image manifest</a>
 */
public record ImageManifest(int schemaVersion, String mediaType, String artifactType, Descriptor config,
                            List<Descriptor> layers, Descriptor subject, Map<String, String> annotations) implements Manifest {

    public ImageManifest {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("image manifest schemaVersion must be 2, not " + schemaVersion);
        }
        if (config == null) {
            throw new IllegalArgumentException("image manifest config is required");
        }
        layers = layers == null ? List.of() : List.copyOf(layers);
        annotations = Descriptor.sortedCopy(annotations);
    }

    public static ImageManifest oci(Descriptor config, List<Descriptor> layers) {
        return new ImageManifest(SCHEMA_VERSION, MediaTypes.OCI_MANIFEST, null, config, layers, null, Map.of());
    }

    public static ImageManifest docker(Descriptor config, List<Descriptor> layers) {
        return new ImageManifest(SCHEMA_VERSION, MediaTypes.DOCKER_MANIFEST, null, config, layers, null, Map.of());
    }

    public ImageManifest withAnnotations(Map<String, String> newAnnotations) {
        return new ImageManifest(schemaVersion, mediaType, artifactType, config, layers, subject, newAnnotations);
    }

    public ImageManifest withSubject(Descriptor newSubject) {
        return new ImageManifest(schemaVersion, mediaType, artifactType, config, layers, newSubject, annotations);
    }
}
