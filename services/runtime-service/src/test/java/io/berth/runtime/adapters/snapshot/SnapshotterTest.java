package io.berth.runtime.adapters.snapshot;

import static io.berth.runtime.adapters.snapshot.LayerStoreTest.entries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.contracts.types.Digest;
import io.berth.tar.TarBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real overlay mounts on the real kernel; every test unmounts and removes what it made. */
class SnapshotterTest {
    @TempDir
    Path root;

    private final TestLayers blobs = new TestLayers();
    private final List<String> containers = new ArrayList<>();
    private LayerStore layers;
    private Snapshotter snapshotter;
    /** etc/{keep,gone,edit}, data/old, tmp/ (1777). */
    private Digest base;
    /** Deletes etc/gone, replaces data/ (opaque) with data/new. */
    private Digest top;

    @BeforeEach
    void setUp() throws IOException {
        HostSupport.requireOverlay();
        layers = new LayerStore(root, blobs);
        snapshotter = new Snapshotter(root, layers);
        base = blobs.add(TarBuilder.gzip(new TarBuilder()
                .dir("etc/")
                .file("etc/keep", "keep")
                .file("etc/gone", "gone")
                .file("etc/edit", "v1")
                .dir("data/")
                .file("data/old", "old")
                .raw(LayerStoreTest.entry("tmp/", TarArchiveEntry.LF_DIR, 01777, 0, 0), null)
                .build()));
        top = blobs.add(new TarBuilder()
                .dir("etc/")
                .file("etc/.wh.gone", "")
                .dir("data/")
                .file("data/.wh..wh..opq", "")
                .file("data/new", "new")
                .build());
    }

    @AfterEach
    void removeEverything() throws IOException {
        for (String id : containers) {
            snapshotter.remove(id);
        }
    }

    @Test
    void whiteoutsAndOpaqueDirectoriesOfUpperLayersHideLowerContent() throws IOException {
        Snapshot s = mounted("c1", base, top);

        Path rootfs = s.rootfs();
        assertEquals("keep", Files.readString(rootfs.resolve("etc/keep")));
        assertFalse(Files.exists(rootfs.resolve("etc/gone"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(rootfs.resolve("data/old"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of("new"), entries(rootfs.resolve("data")));
    }

    @Test
    void writesLandInTheUpperDirAndInNoLayer() throws IOException {
        Snapshot s = mounted("c1", base, top);

        Files.writeString(s.rootfs().resolve("tmp/hello"), "hi");
        Files.writeString(s.rootfs().resolve("etc/edit"), "v2");

        assertEquals("hi", Files.readString(s.upper().resolve("tmp/hello")));
        assertEquals("v2", Files.readString(s.upper().resolve("etc/edit")));
        assertEquals("v1", Files.readString(layers.path(base).resolve("etc/edit")));
        for (Digest layer : List.of(base, top)) {
            assertFalse(Files.exists(layers.path(layer).resolve("tmp/hello")));
        }
    }

    @Test
    void diffListsAddedChangedAndDeletedPathsLikeDocker() throws IOException {
        Snapshot s = mounted("c1", base, top);
        Path rootfs = s.rootfs();

        Files.writeString(rootfs.resolve("tmp/new.txt"), "n");
        Files.writeString(rootfs.resolve("etc/edit"), "+", StandardOpenOption.APPEND);
        Files.delete(rootfs.resolve("etc/keep"));
        Files.delete(rootfs.resolve("data/new"));
        Files.createDirectories(rootfs.resolve("opt/app"));
        Files.writeString(rootfs.resolve("opt/app/run"), "r");

        assertEquals(List.of(
                "C /data", "D /data/new",
                "C /etc", "C /etc/edit", "D /etc/keep",
                "A /opt", "A /opt/app", "A /opt/app/run",
                "C /tmp", "A /tmp/new.txt"), lines(snapshotter.diff(s)));
    }

    @Test
    void aDirectoryDeletedAndMadeAgainIsOpaqueChangedAndItsOldEntriesAreNotListed() throws IOException {
        Snapshot s = mounted("c1", base, top);
        Path etc = s.rootfs().resolve("etc");

        for (String name : entries(etc)) {
            Files.delete(etc.resolve(name));
        }
        Files.delete(etc);
        Files.createDirectory(etc);
        Files.writeString(etc.resolve("fresh"), "f");

        assertTrue(OverlayMarks.isOpaque(s.upper().resolve("etc")), "overlayfs made the new etc opaque");
        assertEquals(List.of("C /etc", "A /etc/fresh"), lines(snapshotter.diff(s)));
    }

    @Test
    void diffTarCarriesDeletionsAndOpaqueDirectoriesAsOciWhiteoutsAndIsReproducible() throws IOException {
        Snapshot s = mounted("c1", base, top);
        Path rootfs = s.rootfs();
        Files.delete(rootfs.resolve("data/new"));
        Path etc = rootfs.resolve("etc");
        for (String name : entries(etc)) {
            Files.delete(etc.resolve(name));
        }
        Files.delete(etc);
        Files.createDirectory(etc);
        Files.writeString(etc.resolve("fresh"), "f");

        byte[] tar = diffTar(s);

        assertEquals(List.of("data/", "data/.wh.new", "etc/", "etc/.wh..wh..opq", "etc/fresh"), memberNames(tar));
        assertTrue(java.util.Arrays.equals(tar, diffTar(s)), "the same upper dir gives the same bytes");
    }

    @Test
    void aCommittedDiffTarStackedOnTheImageShowsWhatTheContainerSaw() throws IOException {
        Snapshot s = mounted("c1", base, top);
        Path rootfs = s.rootfs();
        Files.delete(rootfs.resolve("etc/keep"));
        Files.writeString(rootfs.resolve("etc/edit"), "v2");
        Files.createDirectories(rootfs.resolve("opt"));
        Files.writeString(rootfs.resolve("opt/tool"), "t");
        Files.createLink(rootfs.resolve("opt/tool-link"), rootfs.resolve("opt/tool"));
        Digest committed = blobs.add(diffTar(s));

        Snapshot child = mounted("c2", base, top, committed);

        Path r = child.rootfs();
        assertFalse(Files.exists(r.resolve("etc/keep"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("v2", Files.readString(r.resolve("etc/edit")));
        assertEquals("t", Files.readString(r.resolve("opt/tool-link")));
        assertEquals(LayerStoreTest.node(r.resolve("opt/tool")).inode(), LayerStoreTest.node(r.resolve("opt/tool-link")).inode());
        assertEquals(List.of("new"), entries(r.resolve("data")));
    }

    @Test
    void removeUnmountsAndLeavesNoDirectories() throws IOException {
        Snapshot s = mounted("c1", base, top);
        Files.writeString(s.rootfs().resolve("tmp/x"), "x");
        assertTrue(mountinfo().contains(s.rootfs().toString()));

        snapshotter.remove("c1");

        assertFalse(mountinfo().contains(root.toString()), "nothing under the root is mounted");
        assertEquals(List.of(), entries(root.resolve("containers")));
        assertTrue(snapshotter.existing("c1").isEmpty());
        assertTrue(Files.isDirectory(layers.path(base)), "layers stay for other containers");
    }

    @Test
    void sixtyLayersMount() throws IOException {
        assertLayerStackMounts(60);
    }

    @Test
    void dockersMaximumOf128LayersMountsToo() throws IOException {
        // Absolute paths of 128 layer dirs would take several pages of mount options; short relative names fit.
        assertLayerStackMounts(128);
    }

    private void assertLayerStackMounts(int count) throws IOException {
        List<Digest> stack = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            stack.add(blobs.add(new TarBuilder().file("layer-" + i, "l" + i).file("shared", "from " + i).build()));
        }

        Snapshot s = mounted("stack" + count, stack.toArray(new Digest[0]));

        assertEquals("from " + (count - 1), Files.readString(s.rootfs().resolve("shared")), "the top layer wins");
        for (int i = 0; i < count; i++) {
            assertEquals("l" + i, Files.readString(s.rootfs().resolve("layer-" + i)));
        }
    }

    @Test
    void anImageWithoutLayersGetsAnEmptyRootfs() throws IOException {
        Snapshot s = mounted("scratch");

        assertEquals(List.of(), entries(s.rootfs()));
        Files.writeString(s.rootfs().resolve("only"), "o");
        assertEquals(List.of("A /only"), lines(snapshotter.diff(s)));
    }

    @Test
    void aRestartedServiceFindsTheSnapshotAndMountingAgainChangesNothing() throws IOException {
        Snapshot s = mounted("c1", base, top);
        int mounts = occurrences(mountinfo(), " " + s.rootfs() + " ");

        Snapshotter restarted = new Snapshotter(root, new LayerStore(root, blobs));
        Snapshot found = restarted.existing("c1").orElseThrow();
        restarted.mount(found);

        assertEquals(s, found);
        assertTrue(restarted.isMounted(found));
        assertEquals(1, mounts);
        assertEquals(mounts, occurrences(mountinfo(), " " + s.rootfs() + " "));
    }

    @Test
    void unmountThenMountAgainKeepsTheContainersWrites() throws IOException {
        Snapshot s = mounted("c1", base, top);
        Files.writeString(s.rootfs().resolve("tmp/kept"), "k");

        snapshotter.unmount(s);
        assertFalse(snapshotter.isMounted(s));
        snapshotter.unmount(s);
        snapshotter.mount(s);

        assertEquals("k", Files.readString(s.rootfs().resolve("tmp/kept")));
    }

    @Test
    void preparingAgainWithOtherLayersOrABadIdIsRefused() throws IOException {
        mounted("c1", base, top);

        assertEquals(snapshotter.existing("c1").orElseThrow(), snapshotter.prepare("c1", List.of(base, top)));
        assertThrows(FileAlreadyExistsException.class, () -> snapshotter.prepare("c1", List.of(base)));
        assertThrows(IllegalArgumentException.class, () -> snapshotter.prepare("../c1", List.of(base)));
    }

    private Snapshot mounted(String id, Digest... layersBottomToTop) throws IOException {
        containers.add(id);
        Snapshot s = snapshotter.prepare(id, List.of(layersBottomToTop));
        snapshotter.mount(s);
        return s;
    }

    private static byte[] diffTar(Snapshot s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DiffTar.write(s, out);
        return out.toByteArray();
    }

    private static List<String> memberNames(byte[] tar) throws IOException {
        List<String> names = new ArrayList<>();
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new java.io.ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName());
            }
        }
        return names;
    }

    private static List<String> lines(List<Change> changes) {
        return changes.stream().map(Change::toString).toList();
    }

    private static String mountinfo() throws IOException {
        return Files.readString(Path.of("/proc/self/mountinfo"));
    }

    private static int occurrences(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
