package io.berth.tar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.tar.TarMember.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;

class SafeTarReaderTest {
    private static final TarPolicy POLICY = TarPolicy.rootfsImport();

    @Test
    void acceptsAnOrdinaryRootfsAndNormalisesNames() throws IOException {
        byte[] tar = new TarBuilder()
                .dir("./")
                .dir("./etc/")
                .file("./etc/passwd", "root:x:0:0::/root:/bin/sh\n")
                .dir("bin")
                .file("bin/busybox", "ELF")
                .symlink("bin/sh", "busybox")
                .symlink("bin/abs", "/bin/busybox")
                .hardlink("bin/ls", "./bin/busybox")
                .file("/usr/lib/os-release", "ID=test\n")
                .build();

        List<TarMember> members = readAll(tar, POLICY);

        assertEquals(List.of("", "etc", "etc/passwd", "bin", "bin/busybox", "bin/sh", "bin/abs", "bin/ls",
                "usr/lib/os-release"), members.stream().map(TarMember::path).toList());
        assertEquals(Kind.HARDLINK, members.get(7).kind());
        assertEquals("bin/busybox", members.get(7).linkTarget());
        assertEquals("/usr/lib/os-release", members.get(8).name());
    }

    @Test
    void attributesOfTheCurrentMemberComeFromItsHeader() throws IOException {
        TarArchiveEntry file = TarBuilder.entry("bin/su", TarArchiveEntry.LF_NORMAL);
        file.setMode(0104755);
        file.setIds(1000, 2000);
        file.setModTime(1_700_000_000_000L);
        TarArchiveEntry device = TarBuilder.entry("dev/null", TarArchiveEntry.LF_CHR);
        device.setDevMajor(1);
        device.setDevMinor(3);
        byte[] tar = new TarBuilder().raw(file, null).raw(device, null).build();
        try (SafeTarReader reader = SafeTarReader.open(new ByteArrayInputStream(tar), TarPolicy.imageLayer(), "layer")) {
            reader.next();
            TarAttributes a = reader.attributes();
            assertEquals(04755, a.mode());
            assertEquals(1000, a.uid());
            assertEquals(2000, a.gid());
            assertEquals(1_700_000_000_000L, a.mtime().toMillis());
            reader.next();
            assertEquals(1, reader.attributes().devMajor());
            assertEquals(3, reader.attributes().devMinor());
        }
    }

    @Test
    void contentOfTheCurrentMemberCanBeRead() throws IOException {
        byte[] tar = new TarBuilder().file("a.txt", "hello").file("b.txt", "world").build();
        try (SafeTarReader reader = SafeTarReader.open(new ByteArrayInputStream(tar), POLICY, "layer")) {
            reader.next();
            reader.next();
            assertArrayEquals("world".getBytes(StandardCharsets.UTF_8), reader.content().readAllBytes());
            assertNull(reader.next());
        }
    }

    @Test
    void gzipAndBzip2AreRecognisedByTheirMagicBytes() throws IOException {
        byte[] tar = new TarBuilder().file("a", "x").build();
        assertEquals(1, SafeTarReader.validate(new ByteArrayInputStream(TarBuilder.gzip(tar)), POLICY, "rootfs"));
        assertEquals(1, SafeTarReader.validate(new ByteArrayInputStream(TarBuilder.bzip2(tar)), POLICY, "rootfs"));
    }

    @Test
    void dotDotEscapeIsRejectedNamingTheMember() {
        TarRejectedException e = reject(new TarBuilder().file("etc/../../x", "boom").build(), POLICY);
        assertEquals("layer member 'etc/../../x': path escapes the root", e.getMessage());
        assertEquals("etc/../../x", e.member());
    }

    @Test
    void absoluteDotDotIsRejectedToo() {
        assertEquals("path escapes the root", reject(new TarBuilder().file("/../etc/x", "").build(), POLICY).reason());
    }

    @Test
    void symlinkEscapingTheRootIsRejected() {
        TarRejectedException e = reject(new TarBuilder().symlink("bin/sh", "../../etc/shadow").build(), POLICY);
        assertEquals("symlink target '../../etc/shadow' escapes the root", e.reason());
    }

    @Test
    void writingThroughAnEarlierSymlinkIsRejected() {
        byte[] tar = new TarBuilder().symlink("etc", "/").file("etc/passwd", "x").build();
        assertEquals("path goes through the symlink 'etc'", reject(tar, POLICY).reason());

        byte[] viaDotDot = new TarBuilder().symlink("link", "/tmp").file("link/../x", "x").build();
        assertEquals("path goes through the symlink 'link'", reject(viaDotDot, POLICY).reason());
    }

    @Test
    void memberUnderARegularFileIsRejected() {
        byte[] tar = new TarBuilder().file("a", "x").file("a/b", "y").build();
        assertEquals("parent 'a' is not a directory", reject(tar, POLICY).reason());
    }

    @Test
    void hardlinkMustPointAtAnEarlierNonDirectoryMember() {
        assertEquals("hardlink target 'etc/shadow' is not an earlier member",
                reject(new TarBuilder().hardlink("x", "etc/shadow").build(), POLICY).reason());
        assertEquals("hardlink target 'later' is not an earlier member",
                reject(new TarBuilder().hardlink("x", "later").file("later", "").build(), POLICY).reason());
        assertEquals("hardlink target '../../etc/shadow' escapes the root",
                reject(new TarBuilder().hardlink("x", "../../etc/shadow").build(), POLICY).reason());
        assertEquals("hardlink target 'd' is a directory",
                reject(new TarBuilder().dir("d").hardlink("x", "d").build(), POLICY).reason());
    }

    @Test
    void devicesAndFifosAreAPolicyDecision() throws IOException {
        byte[] chr = new TarBuilder().charDevice("dev/null").build();
        byte[] blk = new TarBuilder().blockDevice("dev/sda").build();
        byte[] fifo = new TarBuilder().fifo("run/pipe").build();

        assertEquals("character device members are not allowed here", reject(chr, POLICY).reason());
        assertEquals("block device members are not allowed here", reject(blk, POLICY).reason());
        assertEquals("FIFO members are not allowed here", reject(fifo, POLICY).reason());

        TarPolicy lenient = POLICY.withSpecialFiles(true);
        assertEquals(Kind.CHAR_DEVICE, readAll(chr, lenient).get(0).kind());
        assertEquals(Kind.FIFO, readAll(fifo, lenient).get(0).kind());
    }

    @Test
    void duplicatePathsAreRejectedAfterNormalisation() {
        byte[] tar = new TarBuilder().file("etc/passwd", "a").file("./etc//passwd", "b").build();
        TarRejectedException e = reject(tar, POLICY);
        assertEquals("./etc//passwd", e.member());
        assertEquals("duplicate member: 'etc/passwd' appeared earlier", e.reason());
    }

    @Test
    void replacingAnImpliedDirectoryWithAFileIsRejected() {
        byte[] tar = new TarBuilder().file("a/b", "x").symlink("a", "/etc").build();
        assertEquals("replaces the directory 'a' that earlier members were placed in", reject(tar, POLICY).reason());
    }

    @Test
    void rootMayOnlyBeADirectory() {
        assertEquals("only a directory may stand for the root",
                reject(new TarBuilder().symlink("./", "/etc").build(), POLICY).reason());
    }

    @Test
    void nameWithNulIsRejectedAndShownEscaped() {
        // Long enough to travel in a pax "path" record, where a NUL survives parsing.
        String name = "a".repeat(120) + "\0/etc/passwd";
        TarRejectedException e = reject(new TarBuilder().file(name, "x").build(), POLICY);
        assertEquals("name contains a NUL byte", e.reason());
        assertTrue(e.getMessage().contains("\\x00/etc/passwd"), e.getMessage());
    }

    @Test
    void tooManyMembersIsATarBomb() {
        TarBuilder builder = new TarBuilder();
        for (int i = 0; i < 11; i++) {
            builder.file("f" + i, "");
        }
        TarRejectedException e = reject(builder.build(), POLICY.withMaxMembers(10));
        assertEquals("f10", e.member());
        assertEquals("the tar has more than 10 members", e.reason());
    }

    @Test
    void declaredSizeBeyondTheBudgetIsRefusedBeforeReadingIt() {
        byte[] tar = new TarBuilder().file("small", new byte[100]).file("big", new byte[8000]).build();
        TarRejectedException e = reject(tar, POLICY.withMaxTotalBytes(4096));
        assertEquals("big", e.member());
        assertEquals("the tar exceeds the size limit of 4096 bytes", e.reason());
    }

    @Test
    void decompressedBytesAreBoundedEvenWithoutMembers() {
        // A gzip bomb of zeros: the first zero record already ends the tar, but the drain must stay bounded.
        byte[] zeros = new byte[1 << 20];
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class, () -> {
            try (SafeTarReader reader = SafeTarReader.open(new ByteArrayInputStream(TarBuilder.gzip(zeros)),
                    POLICY.withMaxTotalBytes(64 * 1024), "rootfs")) {
                while (reader.next() != null) {
                }
                reader.drainRemainder();
            }
        });
        assertEquals("rootfs exceeds the size limit of 65536 bytes", e.getMessage());
    }

    @Test
    void dataOnNonFileMembersIsRejected() {
        byte[] file = new TarBuilder().file("d", "data").build();
        assertEquals("a directory member must not carry data",
                reject(TarBuilder.retype(file, 0, TarArchiveEntry.LF_DIR), POLICY).reason());
        assertEquals("a symlink member must not carry data",
                reject(TarBuilder.retype(file, 0, TarArchiveEntry.LF_SYMLINK), POLICY).reason());
    }

    @Test
    void unknownMemberTypesAreRejected() {
        byte[] tar = new TarBuilder().raw(TarBuilder.entry("vol", (byte) 'V'), null).build();
        assertEquals("unsupported member type 'V'", reject(tar, POLICY).reason());
    }

    @Test
    void corruptHeaderChecksumIsRejected() {
        byte[] tar = new TarBuilder().file("a", "x").build();
        tar[0] = 'b';
        assertEquals("header checksum mismatch", reject(tar, POLICY).reason());
    }

    @Test
    void truncationIsReportedWhereverTheCutFalls() {
        byte[] tar = new TarBuilder().file("a", new byte[2000]).file("b", "x").build();
        for (int cut : new int[] {0, 300, 512 + 1000, 3072, 3072 + 100}) {
            InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                    () -> readAll(TarBuilder.truncate(tar, cut), POLICY), "cut at " + cut);
            assertTrue(e.getMessage().startsWith("layer is truncated"), cut + ": " + e.getMessage());
        }
    }

    @Test
    void truncatedGzipIsReportedAsTruncated() {
        byte[] gz = TarBuilder.gzip(new TarBuilder().file("a", new byte[5000]).build());
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class, () ->
                SafeTarReader.validate(new ByteArrayInputStream(TarBuilder.truncate(gz, gz.length / 2)), POLICY, "rootfs"));
        assertTrue(e.getMessage().startsWith("rootfs is truncated"), e.getMessage());
    }

    @Test
    void aFailingSourceIsAnIoErrorNotABadArchive() {
        byte[] tar = new TarBuilder().file("a", new byte[5000]).build();
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served >= 1024) {
                    throw new IOException("connection reset");
                }
                return tar[served++] & 0xff;
            }
        };
        IOException e = assertThrows(IOException.class, () -> SafeTarReader.validate(failing, POLICY, "rootfs"));
        assertEquals("connection reset", e.getMessage());
        assertTrue(!(e instanceof InvalidArchiveException));
    }

    @Test
    void zstdIsRefusedClearly() {
        byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0};
        InvalidArchiveException e = assertThrows(InvalidArchiveException.class,
                () -> SafeTarReader.validate(new ByteArrayInputStream(zstd), POLICY, "rootfs"));
        assertEquals("rootfs is zstd-compressed, which this server cannot read", e.getMessage());
    }

    static List<TarMember> readAll(byte[] tar, TarPolicy policy) throws IOException {
        List<TarMember> members = new ArrayList<>();
        try (SafeTarReader reader = SafeTarReader.open(new ByteArrayInputStream(tar), policy, "layer")) {
            for (TarMember m = reader.next(); m != null; m = reader.next()) {
                members.add(m);
            }
        }
        return members;
    }

    static TarRejectedException reject(byte[] tar, TarPolicy policy) {
        IOException e = assertThrows(IOException.class, () -> readAll(tar, policy));
        return assertInstanceOf(TarRejectedException.class, e);
    }
}
