package io.berth.gateway.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.gateway.projection.ImagesQuery.Image;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's order: a tag first, then a full id, then a unique id prefix. */
class ImageNameResolutionTest {
    private static final Image BUSYBOX = image("ab", "docker.io/library/busybox:latest");
    private static final Image DEMO = image("ac", "127.0.0.1:5000/demo:1");
    private static final List<Image> ALL = List.of(BUSYBOX, DEMO);

    private static Image image(String prefix, String... refs) {
        return new Image("sha256:" + prefix + "0".repeat(62), List.of(refs), List.of(), "sha256:" + "f".repeat(64), "m", 1, 0, null, List.of());
    }

    @Test
    void tagsResolveInFamiliarAndCanonicalForm() {
        assertEquals(BUSYBOX, ImagesQuery.resolve(ALL, "busybox").orElseThrow());
        assertEquals(BUSYBOX, ImagesQuery.resolve(ALL, "docker.io/library/busybox:latest").orElseThrow());
        assertEquals(DEMO, ImagesQuery.resolve(ALL, "127.0.0.1:5000/demo:1").orElseThrow());
        assertTrue(ImagesQuery.resolve(ALL, "demo:1").isEmpty(), "a different registry is a different image");
    }

    @Test
    void idsResolveInFullOrByAUniquePrefix() {
        assertEquals(DEMO, ImagesQuery.resolve(ALL, DEMO.id()).orElseThrow());
        assertEquals(DEMO, ImagesQuery.resolve(ALL, "ac00").orElseThrow());
        assertTrue(ImagesQuery.resolve(ALL, "a").isEmpty(), "an ambiguous prefix names nothing");
        assertTrue(ImagesQuery.resolve(ALL, "zz").isEmpty());
    }
}
