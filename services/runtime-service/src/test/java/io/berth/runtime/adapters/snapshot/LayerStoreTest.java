package io.berth.runtime.adapters.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.contracts.types.Digest;
import io.berth.tar.TarBuilder;
import io.berth.tar.TarRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerStoreTest {
    private static final long MTIME = 1_600_000_000L;

    @TempDir
    Path root;

    private final TestLayers blobs = new TestLayers();

    @BeforeEach
    void needsRoot() {
        HostSupport.requireRoot();
    }

    @Test
    void unpackingKeepsContentModesOwnersTimesLinksAndSpecialFiles() throws IOException {
        byte[] tar = new TarBuilder()
                .raw(entry("etc/", TarArchiveEntry.LF_DIR, 0750, 1000, 1001), null)
                .raw(sized(entry("etc/hosts", TarArchiveEntry.LF_NORMAL, 0644, 0, 0), 9), "127.0.0.1".getBytes(StandardCharsets.UTF_8))
                .raw(sized(entry("bin/su", TarArchiveEntry.LF_NORMAL, 04755, 0, 0), 3), "ELF".getBytes(StandardCharsets.UTF_8))
                .symlink("bin/sh", "su")
                .symlink("bin/abs", "/etc/hosts")
                .hardlink("bin/su2", "bin/su")
                .raw(device("dev/null", 1, 3), null)
                .fifo("run/pipe")
                .build();
        Digest digest = blobs.add(TarBuilder.gzip(tar));

        Path layer = store().unpacked(digest);

        assertEquals(root.resolve("layers").resolve(digest.hex()), layer);
        assertEquals("127.0.0.1", Files.readString(layer.resolve("etc/hosts")));
        FileNode etc = node(layer.resolve("etc"));
        assertEquals(0750, etc.mode());
        assertEquals(1000, etc.uid());
        assertEquals(1001, etc.gid());
        assertEquals(MTIME, etc.mtime().toInstant().getEpochSecond(), "directory mtime survives its entries");
        assertEquals(04755, node(layer.resolve("bin/su")).mode(), "setuid bit kept");
        assertEquals(MTIME, node(layer.resolve("bin/su")).mtime().toInstant().getEpochSecond());
        assertEquals(0755, node(layer.resolve("bin")).mode(), "an implied directory is 0755");
        assertEquals("su", Files.readSymbolicLink(layer.resolve("bin/sh")).toString());
        assertEquals("/etc/hosts", Files.readSymbolicLink(layer.resolve("bin/abs")).toString());
        assertEquals(node(layer.resolve("bin/su")).inode(), node(layer.resolve("bin/su2")).inode());
        FileNode devNull = node(layer.resolve("dev/null"));
        assertEquals(FileNode.Type.CHAR_DEVICE, devNull.type());
        assertEquals(1, devNull.devMajor());
        assertEquals(3, devNull.devMinor());
        assertEquals(FileNode.Type.FIFO, node(layer.resolve("run/pipe")).type());
    }

    @Test
    void ociWhiteoutsBecomeOverlayWhiteouts() throws IOException {
        byte[] tar = new TarBuilder()
                .dir("etc/")
                .file("etc/.wh.motd", "")
                .dir("var/cache/")
                .file("var/cache/.wh..wh..opq", "")
                .file("var/cache/fresh", "new")
                .file(".wh..wh.plnk", "")
                .build();

        Path layer = store().unpacked(blobs.add(tar));

        assertTrue(node(layer.resolve("etc/motd")).isWhiteout());
        assertFalse(Files.exists(layer.resolve("etc/.wh.motd"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(OverlayMarks.isOpaque(layer.resolve("var/cache")));
        assertFalse(Files.exists(layer.resolve("var/cache/.wh..wh..opq")));
        assertEquals("new", Files.readString(layer.resolve("var/cache/fresh")));
        assertFalse(Files.exists(layer.resolve(".wh..wh.plnk")), "aufs bookkeeping is dropped");
    }

    @Test
    void aDigestMismatchLeavesNoLayerAndNoTemporaryDirectory() throws IOException {
        Digest claimed = TestLayers.sha256("something else".getBytes(StandardCharsets.UTF_8));
        blobs.put(claimed, new TarBuilder().file("a", "x").build());
        LayerStore store = store();

        assertThrows(DigestMismatchException.class, () -> store.unpacked(claimed));

        assertEquals(List.of(), entries(root.resolve("layers")));
    }

    @Test
    void aMemberClimbingOutIsRefusedAndNothingIsWritten() throws IOException {
        Path outside = root.resolve("outside");
        byte[] tar = new TarBuilder().file("ok", "fine").file("../outside", "evil").build();
        Digest digest = blobs.add(tar);
        LayerStore store = store();

        assertThrows(TarRejectedException.class, () -> store.unpacked(digest));

        assertEquals(List.of(), entries(root.resolve("layers")));
        assertFalse(Files.exists(outside));
    }

    @Test
    void nothingIsWrittenThroughASymlinkOfTheLayer() throws IOException {
        Path victim = Files.createDirectory(root.resolve("victim"));
        byte[] tar = new TarBuilder().symlink("etc", victim.toString()).file("etc/passwd", "evil").build();
        Digest digest = blobs.add(tar);
        LayerStore store = store();

        assertThrows(TarRejectedException.class, () -> store.unpacked(digest));

        assertEquals(List.of(), entries(victim));
        assertEquals(List.of(), entries(root.resolve("layers")));
    }

    @Test
    void concurrentCallersFetchOnceAndLaterCallersReuseTheLayer() throws Exception {
        Digest digest = blobs.add(new TarBuilder().file("shared", "x").build());
        CountDownLatch release = new CountDownLatch(1);
        BlobSource slow = d -> {
            InputStream in = blobs.open(d);
            await(release);
            return in;
        };
        LayerStore store = new LayerStore(root, slow);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Path>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(pool.submit(() -> store.unpacked(digest)));
            }
            Thread.sleep(100); // let every caller arrive while the first fetch is held
            release.countDown();
            Path first = calls.get(0).get(10, TimeUnit.SECONDS);
            for (Future<Path> call : calls) {
                assertEquals(first, call.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, blobs.opens(digest));
            store.unpacked(digest);
            new LayerStore(root, blobs).unpacked(digest);
            assertEquals(1, blobs.opens(digest), "an unpacked layer is reused, also by a new store on the same root");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void leftoversOfAnInterruptedUnpackAreRemovedOnStart() throws IOException {
        Path leftover = Files.createDirectories(root.resolve("layers/.tmp-abc-123/etc"));
        Files.writeString(leftover.resolve("half"), "x");

        store();

        assertEquals(List.of(), entries(root.resolve("layers")));
    }

    private LayerStore store() throws IOException {
        return new LayerStore(root, blobs);
    }

    static TarArchiveEntry entry(String name, byte type, int mode, int uid, int gid) {
        TarArchiveEntry e = TarBuilder.entry(name, type);
        e.setMode(mode);
        e.setIds(uid, gid);
        e.setModTime(MTIME * 1000);
        return e;
    }

    private static TarArchiveEntry sized(TarArchiveEntry e, long size) {
        e.setSize(size);
        return e;
    }

    private static TarArchiveEntry device(String name, int major, int minor) {
        TarArchiveEntry e = entry(name, TarArchiveEntry.LF_CHR, 0666, 0, 0);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        return e;
    }

    static FileNode node(Path path) throws IOException {
        return FileNode.lstat(path).orElseThrow(() -> new AssertionError(path + " does not exist"));
    }

    static List<String> entries(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void await(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IOException("test latch not released within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
