package io.berth.contracts.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.contracts.envelope.MessageType;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
    private static final String HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void digestParsesAndRejects() {
        Digest d = Digest.parse("sha256:" + HEX);
        assertEquals("sha256:" + HEX, d.toString());
        assertEquals("e3b0c44298fc", d.shortHex());
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha256:" + HEX.toUpperCase()));
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("md5:abc"));
        assertThrows(IllegalArgumentException.class, () -> Digest.parse(HEX));
    }

    @Test
    void imageReferencesNormaliseLikeDocker() {
        ImageReference busybox = ImageReference.parse("busybox");
        assertEquals("docker.io/library/busybox:latest", busybox.canonical());
        assertEquals("busybox:latest", busybox.familiar());
        ImageReference local = ImageReference.parse("127.0.0.1:5000/demo:1");
        assertEquals("127.0.0.1:5000", local.registry());
        assertEquals("demo", local.repository());
        assertEquals("1", local.tag());
        ImageReference user = ImageReference.parse("user/app");
        assertEquals("docker.io/user/app:latest", user.canonical());
        ImageReference byDigest = ImageReference.parse("localhost:5000/a/b@sha256:" + HEX);
        assertNull(byDigest.tag());
        assertEquals("localhost:5000/a/b@sha256:" + HEX, byDigest.familiar());
        var e = assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("Busybox"));
        assertTrue(e.getMessage().startsWith("invalid reference format"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("busybox:bad tag"));
    }

    @Test
    void canonicalTagsDropTheDigestAndNeedATag() {
        assertEquals("docker.io/library/busybox:latest", ImageReference.tryParse("busybox").flatMap(ImageReference::canonicalTag).orElseThrow());
        assertEquals("127.0.0.1:5000/demo:1", ImageReference.tryParse("127.0.0.1:5000/demo:1@sha256:" + HEX).flatMap(ImageReference::canonicalTag).orElseThrow());
        assertTrue(ImageReference.tryParse("demo@sha256:" + HEX).flatMap(ImageReference::canonicalTag).isEmpty());
        assertTrue(ImageReference.tryParse("Not A Reference").isEmpty());
    }

    @Test
    void hostIdsAreSafeInTopicNames() {
        assertEquals("my-laptop-local", HostId.fromMachineName("My_Laptop.local").value());
        assertThrows(IllegalArgumentException.class, () -> new HostId("-x"));
        assertThrows(IllegalArgumentException.class, () -> new HostId("a.b"));
    }

    @Test
    void containerIdsAreDockerShaped() {
        ContainerId id = ContainerId.random();
        assertEquals(12, id.shortId().length());
        assertThrows(IllegalArgumentException.class, () -> new ContainerId("abc"));
    }

    @Test
    void messageTypesHaveAVersion() {
        assertEquals(new MessageType("host.joined", 1), MessageType.parse("host.joined.v1"));
        assertThrows(IllegalArgumentException.class, () -> MessageType.parse("host.joined"));
        assertThrows(IllegalArgumentException.class, () -> MessageType.parse("host.joined.v0"));
    }
}
