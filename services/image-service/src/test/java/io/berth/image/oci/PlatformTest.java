package io.berth.image.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PlatformTest {
    @Test
    void parse_andToString_useDockerNotation() {
        assertEquals("linux/arm64/v8", Platform.parse("linux/arm64/v8").toString());
        assertEquals(Platform.LINUX_AMD64, Platform.parse("linux/amd64"));
        assertEquals("v8", Platform.parse("linux/arm64/v8").variant());
    }

    @Test
    void parse_rejectsOtherShapes() {
        assertThrows(IllegalArgumentException.class, () -> Platform.parse("linux"));
        assertThrows(IllegalArgumentException.class, () -> Platform.parse("linux/arm/v7/x"));
        assertThrows(IllegalArgumentException.class, () -> Platform.parse("/amd64"));
    }
}
