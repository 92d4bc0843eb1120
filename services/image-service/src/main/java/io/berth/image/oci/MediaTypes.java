package io.berth.image.oci;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every media type Berth recognises. OCI types come from the image spec; Docker types from the
 * Docker image manifest v2 schema 2. Schema1 types are listed only so they can be refused by name.
 */
public final class MediaTypes {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
    public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_TAR_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    /** Deprecated by OCI 1.1 but still found in Windows images; such layers are fetched from their urls. */
    public static final String OCI_LAYER_NONDISTRIBUTABLE_TAR = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_TAR_GZIP = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_TAR_ZSTD = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";

    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_FOREIGN_LAYER_TAR = "application/vnd.docker.image.rootfs.foreign.diff.tar";
    public static final String DOCKER_FOREIGN_LAYER_GZIP = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    public static final String DOCKER_SCHEMA1_MANIFEST = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_SCHEMA1_SIGNED_MANIFEST = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /** What a puller puts in its Accept header, most preferred first. */
    public static final List<String> ACCEPTED_MANIFESTS = List.of(OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST);

    private static final Set<String> FOREIGN_LAYERS = Set.of(OCI_LAYER_NONDISTRIBUTABLE_TAR, OCI_LAYER_NONDISTRIBUTABLE_TAR_GZIP,
            OCI_LAYER_NONDISTRIBUTABLE_TAR_ZSTD, DOCKER_FOREIGN_LAYER_TAR, DOCKER_FOREIGN_LAYER_GZIP);
    private static final Set<String> LAYERS = Set.of(OCI_LAYER_TAR, OCI_LAYER_TAR_GZIP, OCI_LAYER_TAR_ZSTD, DOCKER_LAYER_TAR,
            DOCKER_LAYER_GZIP, OCI_LAYER_NONDISTRIBUTABLE_TAR, OCI_LAYER_NONDISTRIBUTABLE_TAR_GZIP,
            OCI_LAYER_NONDISTRIBUTABLE_TAR_ZSTD, DOCKER_FOREIGN_LAYER_TAR, DOCKER_FOREIGN_LAYER_GZIP);
    private static final Set<String> GZIP_LAYERS = Set.of(OCI_LAYER_TAR_GZIP, DOCKER_LAYER_GZIP,
            OCI_LAYER_NONDISTRIBUTABLE_TAR_GZIP, DOCKER_FOREIGN_LAYER_GZIP);
    private static final Set<String> ZSTD_LAYERS = Set.of(OCI_LAYER_TAR_ZSTD, OCI_LAYER_NONDISTRIBUTABLE_TAR_ZSTD);
    /** Generic HTTP content types that say nothing about which manifest kind a body is. */
    private static final Set<String> UNINFORMATIVE = Set.of("application/json", "application/octet-stream", "text/plain");

    private MediaTypes() {
    }

    /** An image manifest (OCI or Docker schema2), as opposed to an index. */
    public static boolean isManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    /** An OCI index or a Docker manifest list. */
    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    public static boolean isConfig(String mediaType) {
        return OCI_CONFIG.equals(mediaType) || DOCKER_CONFIG.equals(mediaType);
    }

    public static boolean isLayer(String mediaType) {
        return LAYERS.contains(mediaType);
    }

    public static boolean isGzipLayer(String mediaType) {
        return GZIP_LAYERS.contains(mediaType);
    }

    public static boolean isZstdLayer(String mediaType) {
        return ZSTD_LAYERS.contains(mediaType);
    }

    /** Layers whose bytes live at their descriptor's urls rather than in the registry. */
    public static boolean isForeignLayer(String mediaType) {
        return FOREIGN_LAYERS.contains(mediaType);
    }

    public static boolean isSchema1(String mediaType) {
        return DOCKER_SCHEMA1_MANIFEST.equals(mediaType) || DOCKER_SCHEMA1_SIGNED_MANIFEST.equals(mediaType);
    }

    /**
     * The bare media type of a Content-Type header: parameters dropped, trimmed, lower-cased; null
     * when the header is absent or too generic to say which document kind follows.
     */
    public static String essence(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String bare = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return bare.isEmpty() || UNINFORMATIVE.contains(bare) ? null : bare;
    }
}
