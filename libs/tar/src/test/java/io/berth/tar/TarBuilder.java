package io.berth.tar;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/**
 * Builds tars in memory for tests, including malicious ones: names are written exactly as given (leading '/',
 * '..' and all), so tests need no checked-in binaries.
 */
public final class TarBuilder {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

    public TarBuilder() {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    public TarBuilder dir(String name) {
        return add(entry(name, TarArchiveEntry.LF_DIR), null);
    }

    public TarBuilder file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public TarBuilder file(String name, byte[] content) {
        TarArchiveEntry e = entry(name, TarArchiveEntry.LF_NORMAL);
        e.setSize(content.length);
        return add(e, content);
    }

    public TarBuilder symlink(String name, String target) {
        TarArchiveEntry e = entry(name, TarArchiveEntry.LF_SYMLINK);
        e.setLinkName(target);
        return add(e, null);
    }

    public TarBuilder hardlink(String name, String target) {
        TarArchiveEntry e = entry(name, TarArchiveEntry.LF_LINK);
        e.setLinkName(target);
        return add(e, null);
    }

    public TarBuilder charDevice(String name) {
        TarArchiveEntry e = entry(name, TarArchiveEntry.LF_CHR);
        e.setDevMajor(1);
        e.setDevMinor(3);
        return add(e, null);
    }

    public TarBuilder blockDevice(String name) {
        return add(entry(name, TarArchiveEntry.LF_BLK), null);
    }

    public TarBuilder fifo(String name) {
        return add(entry(name, TarArchiveEntry.LF_FIFO), null);
    }

    /** Any header the library can write, with optional content. */
    public TarBuilder raw(TarArchiveEntry entry, byte[] content) {
        return add(entry, content);
    }

    /** The finished tar, with its end-of-archive marker. */
    public byte[] build() {
        try {
            tar.finish();
            tar.close();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TarArchiveEntry entry(String name, byte type) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setModTime(0L);
        e.setIds(0, 0);
        e.setNames("root", "root");
        if (type == TarArchiveEntry.LF_DIR) {
            e.setMode(040755);
        }
        return e;
    }

    private TarBuilder add(TarArchiveEntry entry, byte[] content) {
        try {
            tar.putArchiveEntry(entry);
            if (content != null) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] bzip2(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(out)) {
            bz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Rewrites the type flag of the header at {@code offset} and fixes its checksum, to forge what the library won't write. */
    public static byte[] retype(byte[] tar, int offset, byte type) {
        byte[] out = tar.clone();
        out[offset + 156] = type;
        Arrays.fill(out, offset + 148, offset + 156, (byte) ' ');
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += out[offset + i] & 0xff;
        }
        byte[] octal = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(octal, 0, out, offset + 148, 8);
        return out;
    }

    public static byte[] truncate(byte[] data, int length) {
        return Arrays.copyOf(data, length);
    }
}
