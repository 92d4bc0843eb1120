package io.berth.image.oci;

import java.util.Map;

/**
 * What {@code /v2/<name>/manifests/<reference>} serves: an image manifest or an index. Sealed, so a
 * caller that handles both is checked by the compiler to handle exactly these.
 */
public sealed interface Manifest permits ImageManifest, ImageIndex {
    int SCHEMA_VERSION = 2;

    int schemaVersion();

    /** The mediaType field; may be null for OCI documents that omit it. */
    String mediaType();

    /** OCI 1.1 referrers: the manifest this one is about (a signature, an SBOM…); null if none. */
    Descriptor subject();

    Map<String, String> annotations();
}
