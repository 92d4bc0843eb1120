package io.berth.tar;

import io.berth.tar.TarMember.Kind;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * Iterates an untrusted tar and validates every member before handing it out, so callers never act on a member
 * that breaks a rule ({@link TarMemberValidator}, {@link TarPaths}). Members come in stream order; a member's
 * content can be read until {@link #next()} is called again.
 *
 * <p>Stricter than a plain tar reader where readers disagree: bad header checksums, header records cut short, a
 * missing end-of-archive marker, sparse files, unknown member types and data on non-file members are refused.
 * GNU long-name and pax records are capped at 1 MiB, since the library buffers them whole.
 */
public final class SafeTarReader implements Closeable {
    private static final int MAX_METADATA_RECORD = 1 << 20;

    private final GuardedInputStream source;
    private final CheckedTarInputStream tar;
    private final TarMemberValidator validator;
    private final String context;
    private TarMember current;
    private TarArchiveEntry currentEntry;
    private boolean ended;

    private SafeTarReader(InputStream in, TarPolicy policy, String context) {
        this.context = context;
        this.source = new GuardedInputStream(in, policy.maxTotalBytes(),
                context + " exceeds the size limit of " + policy.maxTotalBytes() + " bytes");
        this.tar = new CheckedTarInputStream(source, context);
        this.validator = new TarMemberValidator(policy, context);
    }

    /**
     * Reads a tar that may be compressed: gzip, bzip2 (and xz if its library is present) are recognised by their
     * magic bytes. {@code context} names the tar in messages ("layer", "rootfs", "archive").
     */
    public static SafeTarReader open(InputStream in, TarPolicy policy, String context) throws IOException {
        return new SafeTarReader(Compression.decompress(in, context), policy, context);
    }

    /** Reads a tar known to be uncompressed; every byte read is pulled from {@code tar} in order. */
    public static SafeTarReader uncompressed(InputStream tar, TarPolicy policy, String context) {
        return new SafeTarReader(tar, policy, context);
    }

    /** Reads a whole tar, validating every member, and closes {@code in}; returns how many members it had. */
    public static long validate(InputStream in, TarPolicy policy, String context) throws IOException {
        try (SafeTarReader reader = open(in, policy, context)) {
            long members = 0;
            while (reader.next() != null) {
                members++;
            }
            return members;
        }
    }

    /** The next validated member, or null after the last one. */
    public TarMember next() throws IOException {
        if (ended) {
            return null;
        }
        TarArchiveEntry entry;
        try {
            entry = tar.getNextEntry();
        } catch (IOException | RuntimeException e) {
            throw classify(e);
        }
        if (entry == null) {
            ended = true;
            current = null;
            currentEntry = null;
            if (!tar.sawEndMarker) {
                throw new InvalidArchiveException(context + " is truncated: it ends without the end-of-archive marker");
            }
            return null;
        }
        current = validator.check(entry.getName(), kindOf(entry), entry.getLinkName(), entry.getSize());
        currentEntry = entry;
        return current;
    }

    /** Owner, mode, time and device numbers of the current member, for whoever recreates it on disk. */
    public TarAttributes attributes() {
        if (current == null) {
            throw new IllegalStateException("no current member");
        }
        TarArchiveEntry e = currentEntry;
        return new TarAttributes(e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(), e.getLastModifiedTime(),
                e.getDevMajor(), e.getDevMinor());
    }

    /** The content of the current member (empty for anything but a regular file). Not to be closed. */
    public InputStream content() {
        if (current == null) {
            throw new IllegalStateException("no current member");
        }
        return new FilterInputStream(tar) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return in.read(b, off, len);
                } catch (IOException e) {
                    throw classify(e);
                }
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public long skip(long n) throws IOException {
                return Streams.skipByReading(this, n);
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * After the last member: reads whatever follows the end-of-archive marker (block padding, trailing bytes), so
     * a digest taken underneath covers the whole stream, as Docker's diffID does. Still bounded by the policy.
     */
    public long drainRemainder() throws IOException {
        if (!ended) {
            throw new IllegalStateException("members remain");
        }
        return Streams.drain(source);
    }

    /** Closes the stream this reader was given. */
    @Override
    public void close() throws IOException {
        tar.close();
    }

    private Kind kindOf(TarArchiveEntry entry) throws TarRejectedException {
        String name = entry.getName();
        if (!entry.isCheckSumOK()) {
            throw new TarRejectedException(context, name, "header checksum mismatch");
        }
        if (entry.isSparse()) {
            throw new TarRejectedException(context, name, "sparse files are not supported");
        }
        byte flag = entry.getLinkFlag();
        return switch (flag) {
            // NUL is the pre-POSIX regular file, '7' a contiguous file; a trailing '/' meant a directory then.
            case 0, '0', '7' -> name.endsWith("/") ? Kind.DIRECTORY : Kind.FILE;
            case '1' -> Kind.HARDLINK;
            case '2' -> Kind.SYMLINK;
            case '3' -> Kind.CHAR_DEVICE;
            case '4' -> Kind.BLOCK_DEVICE;
            case '5' -> Kind.DIRECTORY;
            case '6' -> Kind.FIFO;
            default -> throw new TarRejectedException(context, name,
                    "unsupported member type '" + (flag >= 0x20 && flag < 0x7f ? String.valueOf((char) flag) : "0x" + Integer.toHexString(flag & 0xff)) + "'");
        };
    }

    private IOException classify(Exception e) {
        if (e instanceof IOException io) {
            return GuardedInputStream.classify(source, io, context);
        }
        // The library throws unchecked exceptions for some malformed headers.
        return new InvalidArchiveException(context + " is malformed: " + e.getMessage(), e);
    }

    /**
     * Sees every header record before the library parses it: detects records cut short (which the library
     * takes for a clean end), the end-of-archive marker, and oversized long-name/pax records.
     */
    private static final class CheckedTarInputStream extends TarArchiveInputStream {
        private final GuardedInputStream source;
        private final String context;
        boolean sawEndMarker;

        CheckedTarInputStream(GuardedInputStream source, String context) {
            super(source);
            this.source = source;
            this.context = context;
        }

        @Override
        protected byte[] readRecord() throws IOException {
            long before = source.count();
            byte[] record = super.readRecord();
            if (record == null) {
                if (!sawEndMarker && source.count() != before) {
                    throw new EOFException("a header record is cut short");
                }
                return null;
            }
            if (isEOFRecord(record)) {
                sawEndMarker = true;
            } else if (!sawEndMarker && isMetadataRecord(record[156])
                    && TarUtils.parseOctalOrBinary(record, 124, 12) > MAX_METADATA_RECORD) {
                throw new InvalidArchiveException(context + " has a long-name or pax header record larger than "
                        + MAX_METADATA_RECORD + " bytes");
            }
            return record;
        }

        private static boolean isMetadataRecord(byte flag) {
            return flag == 'L' || flag == 'K' || flag == 'x' || flag == 'g' || flag == 'X';
        }
    }
}
