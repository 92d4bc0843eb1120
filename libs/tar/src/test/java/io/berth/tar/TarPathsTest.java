package io.berth.tar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TarPathsTest {

    @Test
    void leadingSlashAndDotComponentsAreDropped() {
        assertEquals("etc/passwd", path("etc/passwd"));
        assertEquals("etc/passwd", path("./etc/passwd"));
        assertEquals("etc/passwd", path("/etc/passwd"));
        assertEquals("etc/passwd", path("//etc/./passwd"));
        assertEquals("etc", path("etc/"));
    }

    @Test
    void rootSpellingsResolveToTheEmptyPath() {
        assertEquals("", path("./"));
        assertEquals("", path("/"));
        assertEquals("", path("."));
        assertEquals("", path("a/.."));
    }

    @Test
    void dotDotThatStaysInsideIsResolvedAndRecordsWhatItPassedThrough() {
        TarPaths.Resolved r = TarPaths.resolve("a/b/../c").orElseThrow();
        assertEquals("a/c", r.path());
        assertEquals(List.of("a", "a/b"), r.traversed());
    }

    @Test
    void dotDotAboveTheRootIsAnEscapeEvenFromAnAbsoluteName() {
        assertTrue(TarPaths.resolve("../x").isEmpty());
        assertTrue(TarPaths.resolve("etc/../../x").isEmpty());
        assertTrue(TarPaths.resolve("/../x").isEmpty());
        assertTrue(TarPaths.resolve("./..").isEmpty());
    }

    @Test
    void symlinkTargetsResolveFromTheLinksDirectoryOrFromTheRoot() {
        assertEquals(Optional.of("usr/bin/busybox"), TarPaths.symlinkTarget("bin/sh", "../usr/bin/busybox"));
        assertEquals(Optional.of("bin/busybox"), TarPaths.symlinkTarget("bin/sh", "busybox"));
        assertEquals(Optional.of("etc/passwd"), TarPaths.symlinkTarget("a/b/link", "/etc/passwd"));
        assertEquals(Optional.of(""), TarPaths.symlinkTarget("link", "/"));
        assertTrue(TarPaths.symlinkTarget("bin/sh", "../../etc/shadow").isEmpty());
        assertTrue(TarPaths.symlinkTarget("link", "..").isEmpty());
    }

    private static String path(String name) {
        return TarPaths.resolve(name).orElseThrow().path();
    }
}
