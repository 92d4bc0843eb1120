package io.berth.image.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.contracts.types.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformSelectorTest {
    private static final ImageIndex BUILDKIT_INDEX = CanonicalJson.readImageIndex(Testfiles.bytes("testfiles/oci-index/document.json"));
    private static final ImageIndex DOCKER_LIST = CanonicalJson.readImageIndex(Testfiles.bytes("testfiles/docker-manifest-list/document.json"));

    @Test
    void select_linuxAmd64_skipsAttestations() {
        assertEquals(BUILDKIT_INDEX.manifests().get(0), PlatformSelector.select(BUILDKIT_INDEX, Platform.LINUX_AMD64));
    }

    @Test
    void select_arm64WithOrWithoutV8_isTheSameEntry() {
        Descriptor arm64 = BUILDKIT_INDEX.manifests().get(1);

        assertEquals(arm64, PlatformSelector.select(BUILDKIT_INDEX, Platform.LINUX_ARM64));
        assertEquals(arm64, PlatformSelector.select(BUILDKIT_INDEX, Platform.parse("linux/arm64/v8")));
        assertEquals(arm64, PlatformSelector.select(BUILDKIT_INDEX, Platform.parse("linux/aarch64")));
    }

    @Test
    void select_noMatch_listsTheAvailablePlatformsButNotAttestations() {
        NoMatchingPlatformException e = assertThrows(NoMatchingPlatformException.class,
                () -> PlatformSelector.select(BUILDKIT_INDEX, Platform.parse("linux/riscv64")));

        assertEquals("no matching manifest for linux/riscv64 in the manifest list entries (available: linux/amd64, linux/arm64/v8)",
                e.getMessage());
    }

    @Test
    void select_arm_prefersTheExactVariant() {
        assertEquals(variantOf(PlatformSelector.select(DOCKER_LIST, Platform.parse("linux/arm/v6"))), "v6");
        assertEquals(variantOf(PlatformSelector.select(DOCKER_LIST, Platform.parse("linux/arm/v7"))), "v7");
        assertEquals(variantOf(PlatformSelector.select(DOCKER_LIST, Platform.parse("linux/arm"))), "v7");
        assertEquals(variantOf(PlatformSelector.select(DOCKER_LIST, Platform.parse("linux/armhf"))), "v7");
    }

    @Test
    void select_aliases_areNormalised() {
        assertEquals("amd64", PlatformSelector.select(DOCKER_LIST, Platform.parse("linux/x86_64")).platform().architecture());
        assertEquals("386", PlatformSelector.select(DOCKER_LIST, Platform.parse("linux/i386")).platform().architecture());
    }

    @Test
    void select_lowerVariant_runsOnAHigherOne() {
        ImageIndex v6Only = index(entry("linux/arm/v6", 1));

        assertEquals(v6Only.manifests().get(0), PlatformSelector.select(v6Only, Platform.parse("linux/arm/v7")));
        assertThrows(NoMatchingPlatformException.class, () -> PlatformSelector.select(v6Only, Platform.parse("linux/arm/v5")));
    }

    @Test
    void select_exactVariant_beatsAnEarlierCompatibleOne() {
        ImageIndex index = index(entry("linux/amd64", 1), entry("linux/amd64/v3", 2));

        assertEquals(index.manifests().get(1), PlatformSelector.select(index, Platform.parse("linux/amd64/v3")));
        assertEquals(index.manifests().get(0), PlatformSelector.select(index, Platform.LINUX_AMD64));
    }

    @Test
    void select_newerVariantThanTheHost_isNotChosen() {
        ImageIndex v3Only = index(entry("linux/amd64/v3", 1));

        assertThrows(NoMatchingPlatformException.class, () -> PlatformSelector.select(v3Only, Platform.LINUX_AMD64));
    }

    @Test
    void select_attestationAnnotated_isSkippedEvenWithARealPlatform() {
        Descriptor attestation = entry("linux/amd64", 1)
                .withAnnotations(Map.of("vnd.docker.reference.type", "attestation-manifest"));
        ImageIndex index = index(attestation, entry("linux/amd64", 2), Descriptor.of(MediaTypes.OCI_MANIFEST, digest(3), 3));

        assertEquals(index.manifests().get(1), PlatformSelector.select(index, Platform.LINUX_AMD64));
    }

    @Test
    void select_emptyIndex_saysNoneAreAvailable() {
        NoMatchingPlatformException e = assertThrows(NoMatchingPlatformException.class,
                () -> PlatformSelector.select(ImageIndex.oci(List.of()), Platform.LINUX_AMD64));

        assertEquals("no matching manifest for linux/amd64 in the manifest list entries (available: none)", e.getMessage());
    }

    private static String variantOf(Descriptor descriptor) {
        return descriptor.platform().variant();
    }

    private static ImageIndex index(Descriptor... entries) {
        return ImageIndex.oci(new ArrayList<>(List.of(entries)));
    }

    private static Descriptor entry(String platform, int n) {
        return Descriptor.of(MediaTypes.OCI_MANIFEST, digest(n), 100).withPlatform(Platform.parse(platform));
    }

    private static Digest digest(int n) {
        return new Digest("sha256", String.format("%064x", n));
    }
}
