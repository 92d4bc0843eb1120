package io.berth.runtime.adapters.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.contracts.types.Digest;
import io.berth.tar.TarBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mount points a runtime made in the writable layer stay out of {@code docker diff} and the commit tar. */
class MountPointsTest {
    private static final List<String> FILES = List.of("etc/hostname", "etc/hosts", "etc/resolv.conf");
    private static final List<String> DIRS = List.of("dev", "proc", "sys");

    @TempDir
    Path root;

    private final TestLayers blobs = new TestLayers();
    private Snapshotter snapshotter;

    @BeforeEach
    void setUp() throws IOException {
        HostSupport.requireOverlay();
        snapshotter = new Snapshotter(root, new LayerStore(root, blobs));
    }

    @AfterEach
    void removeEverything() throws IOException {
        snapshotter.remove("c1");
    }

    @Test
    void anImageWithoutEtcOrProcShowsOnlyWhatTheContainerDid() throws IOException {
        Digest bin = blobs.add(new TarBuilder().dir("bin/").file("bin/sh", "sh").file("bin/vi", "vi").build());
        Snapshot s = mounted(bin);
        makeMountPoints(s.rootfs());
        Files.writeString(s.rootfs().resolve("greeting"), "hello\n");
        Files.delete(s.rootfs().resolve("bin/vi"));

        Set<String> hidden = MountPoints.hidden(s.upper(), FILES, DIRS);
        assertEquals(Set.of("etc", "etc/hostname", "etc/hosts", "etc/resolv.conf", "dev", "proc", "sys"), hidden);
        assertEquals(List.of("C /bin", "D /bin/vi", "A /greeting"), lines(snapshotter.diff(s, hidden)));
        assertEquals(List.of("bin/", "bin/.wh.vi", "greeting"), members(s, hidden));
    }

    @Test
    void anEtcTheImageHasIsNotListedForMountPointsAloneButIsForRealChanges() throws IOException {
        Digest base = blobs.add(new TarBuilder().dir("etc/").file("etc/passwd", "root:x:0:0").file("etc/motd", "hi").build());
        Snapshot s = mounted(base);
        makeMountPoints(s.rootfs());

        Set<String> hidden = MountPoints.hidden(s.upper(), FILES, DIRS);
        assertEquals(List.of(), lines(snapshotter.diff(s, hidden)), "mount points only: nothing changed");

        Files.delete(s.rootfs().resolve("etc/motd"));
        Files.writeString(s.rootfs().resolve("etc/hosts"), "127.0.0.1 me\n"); // written in place of the mount point
        hidden = MountPoints.hidden(s.upper(), FILES, DIRS);
        assertEquals(List.of("C /etc", "A /etc/hosts", "D /etc/motd"), lines(snapshotter.diff(s, hidden)));
    }

    /** What the shim does for a container of this image: empty files to bind over, empty dirs to mount on. */
    private static void makeMountPoints(Path rootfs) throws IOException {
        Files.createDirectories(rootfs.resolve("etc"));
        for (String f : FILES) {
            if (!Files.exists(rootfs.resolve(f))) {
                Files.createFile(rootfs.resolve(f));
            }
        }
        for (String d : DIRS) {
            Files.createDirectories(rootfs.resolve(d));
        }
    }

    private Snapshot mounted(Digest... layers) throws IOException {
        Snapshot s = snapshotter.prepare("c1", List.of(layers));
        snapshotter.mount(s);
        return s;
    }

    private static List<String> members(Snapshot s, Set<String> hidden) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DiffTar.write(s, out, hidden);
        List<String> names = new ArrayList<>();
        try (var in = new TarArchiveInputStream(new java.io.ByteArrayInputStream(out.toByteArray()))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        return names;
    }

    private static List<String> lines(List<Change> changes) {
        return changes.stream().map(Change::toString).toList();
    }
}
