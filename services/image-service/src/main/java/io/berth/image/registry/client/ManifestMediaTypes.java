package io.berth.image.registry.client;

import java.util.List;

/** The manifest media types the client asks for and recognises as indexes. */
public final class ManifestMediaTypes {
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    /**
     * The Accept list for manifest requests, as dockerd sends it minus schema1. Schema2 must be listed: registry 2.8
     * rewrites a schema2 manifest into signed schema1 for clients that don't accept it.
     */
    public static final List<String> ACCEPTED = List.of(OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST);

    private ManifestMediaTypes() {
    }

    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }
}
