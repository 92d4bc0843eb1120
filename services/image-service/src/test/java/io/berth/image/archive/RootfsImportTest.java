package io.berth.image.archive;

import io.berth.tar.TarRejectedException;
import io.berth.tar.InvalidArchiveException;
import io.berth.tar.TarBuilder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class RootfsImportTest {
    private static final byte[] ROOTFS = new TarBuilder()
            .dir("./")
            .dir("./etc/")
            .file("./etc/os-release", "ID=berth\n")
            .build();

    @Test
    void compressedAndPlainRootfsGiveTheSameLayer() throws IOException {
        ByteArrayOutputStream fromPlain = new ByteArrayOutputStream();
        ByteArrayOutputStream fromGzip = new ByteArrayOutputStream();
        ByteArrayOutputStream fromBzip2 = new ByteArrayOutputStream();

        LayerDigests plain = RootfsImport.toLayer(new ByteArrayInputStream(ROOTFS), fromPlain);
        LayerDigests gzip = RootfsImport.toLayer(new ByteArrayInputStream(TarBuilder.gzip(ROOTFS)), fromGzip);
        LayerDigests bzip2 = RootfsImport.toLayer(new ByteArrayInputStream(TarBuilder.bzip2(ROOTFS)), fromBzip2);

        assertEquals(Sha256.of(ROOTFS), plain.diffId());
        assertEquals(plain, gzip);
        assertEquals(plain, bzip2);
        assertArrayEquals(fromPlain.toByteArray(), fromGzip.toByteArray());
    }

    @Test
    void deviceNodesAreRefusedForImports() {
        byte[] tar = new TarBuilder().dir("dev").charDevice("dev/null").build();
        TarRejectedException e = assertThrows(TarRejectedException.class,
                () -> RootfsImport.toLayer(new ByteArrayInputStream(TarBuilder.gzip(tar)), new ByteArrayOutputStream()));
        assertEquals("rootfs member 'dev/null': character device members are not allowed here", e.getMessage());
    }

    @Test
    void corruptGzipIsABadArchive() {
        byte[] gz = TarBuilder.gzip(ROOTFS);
        gz[20] ^= 0x55;
        gz[21] ^= 0x55;
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                () -> RootfsImport.toLayer(new ByteArrayInputStream(gz), new ByteArrayOutputStream()));
        assertEquals(true, e.getMessage().startsWith("rootfs is "), e.getMessage());
    }

    /** A realistic rootfs: the statically linked busybox with a few applet links, as an Alpine-like base has. */
    @Test
    void busyboxRootfs() throws IOException {
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isRegularFile(busybox)) {
            System.out.println("RootfsImportTest.busyboxRootfs skipped: /bin/busybox is absent (Debian package busybox-static)");
            Assumptions.abort("/bin/busybox is absent");
        }
        TarBuilder builder = new TarBuilder().dir("./").dir("./bin/").file("./bin/busybox", Files.readAllBytes(busybox));
        for (String applet : List.of("sh", "ls", "cat", "echo")) {
            builder.symlink("./bin/" + applet, "busybox");
        }
        builder.hardlink("./bin/busybox.static", "./bin/busybox");
        byte[] tar = builder.build();

        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        LayerDigests digests = RootfsImport.toLayer(new ByteArrayInputStream(TarBuilder.gzip(tar)), blob);

        assertEquals(Sha256.of(tar), digests.diffId());
        assertEquals(Sha256.of(blob.toByteArray()), digests.compressedDigest());
    }
}
