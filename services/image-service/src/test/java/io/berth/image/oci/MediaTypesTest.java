package io.berth.image.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MediaTypesTest {
    @Test
    void kinds_areRecognised() {
        assertTrue(MediaTypes.isManifest(MediaTypes.DOCKER_MANIFEST));
        assertTrue(MediaTypes.isManifest(MediaTypes.OCI_MANIFEST));
        assertFalse(MediaTypes.isManifest(MediaTypes.OCI_INDEX));
        assertTrue(MediaTypes.isIndex(MediaTypes.DOCKER_MANIFEST_LIST));
        assertTrue(MediaTypes.isConfig(MediaTypes.DOCKER_CONFIG));
        assertTrue(MediaTypes.isSchema1(MediaTypes.DOCKER_SCHEMA1_SIGNED_MANIFEST));
        assertFalse(MediaTypes.isManifest(null));
    }

    @Test
    void layers_byCompression() {
        assertTrue(MediaTypes.isLayer(MediaTypes.OCI_LAYER_TAR));
        assertTrue(MediaTypes.isGzipLayer(MediaTypes.DOCKER_LAYER_GZIP));
        assertTrue(MediaTypes.isGzipLayer(MediaTypes.OCI_LAYER_TAR_GZIP));
        assertFalse(MediaTypes.isGzipLayer(MediaTypes.OCI_LAYER_TAR_ZSTD));
        assertTrue(MediaTypes.isZstdLayer(MediaTypes.OCI_LAYER_TAR_ZSTD));
        assertTrue(MediaTypes.isLayer(MediaTypes.DOCKER_FOREIGN_LAYER_GZIP));
        assertTrue(MediaTypes.isForeignLayer(MediaTypes.DOCKER_FOREIGN_LAYER_GZIP));
        assertFalse(MediaTypes.isForeignLayer(MediaTypes.DOCKER_LAYER_GZIP));
        assertFalse(MediaTypes.isLayer(MediaTypes.OCI_CONFIG));
    }

    @Test
    void essence_dropsParametersAndGenericTypes() {
        assertEquals(MediaTypes.OCI_INDEX, MediaTypes.essence("application/vnd.oci.image.index.v1+json; charset=utf-8"));
        assertNull(MediaTypes.essence("application/json"));
        assertNull(MediaTypes.essence(" "));
        assertNull(MediaTypes.essence(null));
    }
}
