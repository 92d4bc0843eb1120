package io.berth.gateway.api.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.gateway.projection.ImagesQuery.Image;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageFiltersTest {
    private static final Image DEMO = image("docker.io/library/demo:1", "127.0.0.1:5000/demo:1");
    private static final Image DANGLING = image();

    private static Image image(String... refs) {
        return new Image("sha256:" + "a".repeat(64), List.of(refs), List.of(), "sha256:" + "b".repeat(64), "m", 1, 0, null, List.of());
    }

    @Test
    void referenceMatchesTheRepositoryOrRepoAndTagWithGlobs() {
        assertTrue(ImageFilters.parse("{\"reference\":{\"demo\":true}}").accepts(DEMO));
        assertTrue(ImageFilters.parse("{\"reference\":[\"demo:1\"]}").accepts(DEMO));
        assertTrue(ImageFilters.parse("{\"reference\":{\"de*\":true}}").accepts(DEMO));
        assertTrue(ImageFilters.parse("{\"reference\":{\"127.0.0.1:5000/demo\":true}}").accepts(DEMO));
        assertFalse(ImageFilters.parse("{\"reference\":{\"demo:2\":true}}").accepts(DEMO));
        assertFalse(ImageFilters.parse("{\"reference\":{\"busybox\":true}}").accepts(DEMO));
    }

    @Test
    void danglingSelectsImagesWithoutTags() {
        assertTrue(ImageFilters.parse("{\"dangling\":{\"true\":true}}").accepts(DANGLING));
        assertFalse(ImageFilters.parse("{\"dangling\":{\"true\":true}}").accepts(DEMO));
        assertTrue(ImageFilters.parse("{\"dangling\":{\"false\":true}}").accepts(DEMO));
    }

    @Test
    void unknownFiltersAndValuesAreNamed() {
        assertEquals("invalid filter 'colour'", assertThrows(DockerError.class, () -> ImageFilters.parse("{\"colour\":[\"x\"]}")).getMessage());
        assertEquals("Invalid filter 'dangling=maybe'", assertThrows(DockerError.class, () -> ImageFilters.parse("{\"dangling\":[\"maybe\"]}")).getMessage());
    }
}
