package io.berth.image.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.contracts.types.Digest;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestReferencesTest {
    @Test
    void of_imageManifest_isConfigThenLayers() {
        ImageManifest manifest = CanonicalJson.readImageManifest(Testfiles.bytes("testfiles/docker-manifest/document.json"));

        List<Descriptor> references = ManifestReferences.of(manifest);

        assertEquals(4, references.size());
        assertEquals(manifest.config(), references.get(0));
        assertEquals(manifest.layers(), references.subList(1, 4));
    }

    @Test
    void of_index_isItsEntriesIncludingAttestations() {
        ImageIndex index = CanonicalJson.readImageIndex(Testfiles.bytes("testfiles/oci-index/document.json"));

        assertEquals(index.manifests(), ManifestReferences.of(index));
    }

    @Test
    void requiredLocally_leavesOutForeignLayersThatHaveUrls() {
        Descriptor config = Descriptor.of(MediaTypes.DOCKER_CONFIG, digest(1), 10);
        Descriptor layer = Descriptor.of(MediaTypes.DOCKER_LAYER_GZIP, digest(2), 10);
        Descriptor foreign = Descriptor.of(MediaTypes.DOCKER_FOREIGN_LAYER_GZIP, digest(3), 10)
                .withUrls(List.of("https://mcr.microsoft.com/v2/windows/servercore/blobs/" + digest(3)));
        Descriptor foreignWithoutUrls = Descriptor.of(MediaTypes.DOCKER_FOREIGN_LAYER_GZIP, digest(4), 10);
        Descriptor subject = Descriptor.of(MediaTypes.OCI_MANIFEST, digest(5), 10);
        ImageManifest manifest = ImageManifest.docker(config, List.of(layer, foreign, foreignWithoutUrls)).withSubject(subject);

        assertEquals(List.of(config, layer, foreign, foreignWithoutUrls), ManifestReferences.of(manifest));
        assertEquals(List.of(config, layer, foreignWithoutUrls), ManifestReferences.requiredLocally(manifest));
    }

    private static Digest digest(int n) {
        return new Digest("sha256", String.format("%064x", n));
    }
}
