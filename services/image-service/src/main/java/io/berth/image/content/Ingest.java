package io.berth.image.content;

import io.berth.contracts.types.Digest;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * One upload in progress: bytes are appended to {@code ingest/<id>} while a running sha256 is kept,
 * so committing a chunked upload never reads the file back.
 *
 * <p>States: open → committed | aborted | closed. {@link #close()} only lets go of the file handle
 * (the upload stays resumable through {@link ContentStore#resume(String)}, which re-reads it once);
 * any failed write closes the ingest too, because the file may then hold bytes the digest has not
 * seen. Methods are synchronized, so one ingest may be shared by the threads serving its chunks.
 *
 * <p>Large uploads are written back while they arrive: every {@link #WRITEBACK_BYTES} a background thread asks the
 * kernel to write what has been appended so far (fdatasync), so the commit's fsync finds little left to write instead
 * of the whole blob in the page cache (hundreds of milliseconds for a 200 MiB layer, on the push's critical path).
 */
public final class Ingest implements Closeable {
    private static final int COPY_BUFFER = 64 * 1024;
    private static final long WRITEBACK_BYTES = 16L << 20;

    private final ContentStore store;
    private final String id;
    private final Path file;
    private final MessageDigest sha256;
    private FileChannel channel; // null once the ingest is no longer open
    private long size;
    private long notWrittenBack;
    /** The early writeback in flight or done: its failure, or null. */
    private Future<IOException> writeback = CompletableFuture.completedFuture(null);

    Ingest(ContentStore store, String id, Path file, FileChannel channel, MessageDigest sha256, long size) {
        this.store = store;
        this.id = id;
        this.file = file;
        this.channel = channel;
        this.sha256 = sha256;
        this.size = size;
    }

    /** The random id naming this upload; pass it to {@link ContentStore#resume(String)} later. */
    public String id() {
        return id;
    }

    /** Bytes written so far, i.e. the offset the next write lands at. */
    public synchronized long size() {
        return size;
    }

    public synchronized boolean isOpen() {
        return channel != null;
    }

    public synchronized void write(ByteBuffer src) throws IOException {
        ensureOpen();
        ByteBuffer seen = src.duplicate();
        int length = src.remaining();
        try {
            while (src.hasRemaining()) {
                channel.write(src);
            }
        } catch (IOException e) {
            release(); // part of src may be on disk; resume() will re-hash what really is
            throw e;
        }
        sha256.update(seen);
        size += length;
        notWrittenBack += length;
        if (notWrittenBack >= WRITEBACK_BYTES && writeback.isDone()) {
            notWrittenBack = 0;
            FileChannel written = channel;
            writeback = ContentStore.BACKGROUND.submit(() -> writeBack(written));
        }
    }

    /**
     * An early writeback. A write error must reach the commit: Linux reports it to one fsync only, so the commit's own
     * fsync would not see it again. A channel closed meanwhile (aborted or closed) is no error: nothing commits from it.
     */
    private static IOException writeBack(FileChannel written) {
        try {
            written.force(false);
            return null;
        } catch (ClosedChannelException closedMeanwhile) {
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    public void write(byte[] bytes) throws IOException {
        write(ByteBuffer.wrap(bytes));
    }

    public void write(byte[] bytes, int offset, int length) throws IOException {
        write(ByteBuffer.wrap(bytes, offset, length));
    }

    /** Copies {@code in} to its end into this ingest and returns the number of bytes copied. */
    public synchronized long append(InputStream in) throws IOException {
        ensureOpen();
        byte[] buffer = new byte[COPY_BUFFER];
        long copied = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            write(buffer, 0, n);
            copied += n;
        }
        return copied;
    }

    /** A view of this ingest as an output stream, for writers that produce a blob as they go (gzip, tar). */
    public OutputStream outputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                Ingest.this.write(new byte[] {(byte) b});
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Ingest.this.write(b, off, len);
            }
        };
    }

    /**
     * Verifies and publishes the content as {@code blobs/sha256/<hex>}; only then is it visible.
     *
     * @param expected     the digest the writer promised, or {@code null} to accept whatever was written
     * @param expectedSize the size the writer promised, or -1 if unknown
     * @return the digest of the committed blob
     * @throws SizeMismatchException   the size differs; the ingest stays open so the writer can go on or abort
     * @throws DigestMismatchException the digest differs; the ingest file is deleted
     * @throws IllegalArgumentException {@code expected} is not a sha256 digest, which this store cannot verify
     */
    public synchronized Digest commit(Digest expected, long expectedSize) throws IOException {
        ensureOpen();
        if (expected != null && !ContentStore.ALGORITHM.equals(expected.algorithm())) {
            throw new IllegalArgumentException("cannot verify " + expected + ": the content store computes sha256 digests only");
        }
        if (expectedSize >= 0 && size != expectedSize) {
            throw new SizeMismatchException(id, expectedSize, size);
        }
        try {
            awaitWriteback();
            channel.force(true); // the bytes must be durable before the rename makes them visible
        } finally {
            release();
        }
        Digest actual = Digest.sha256(sha256.digest());
        if (expected != null && !expected.equals(actual)) {
            Files.deleteIfExists(file);
            throw new DigestMismatchException(expected, actual);
        }
        store.publish(file, actual);
        return actual;
    }

    /** Deletes the partial upload. Does nothing if the ingest is no longer open. */
    public synchronized void abort() throws IOException {
        if (channel == null) {
            return;
        }
        release();
        Files.deleteIfExists(file);
    }

    /** Lets go of the file handle but keeps the upload, so it can be resumed by id. */
    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            release();
        }
    }

    private void awaitWriteback() throws IOException {
        IOException failed;
        try {
            failed = writeback.get();
        } catch (ExecutionException e) {
            failed = new IOException("writing the upload back failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the upload was written back");
        }
        if (failed != null) {
            throw new IOException("writing upload " + id + " to disk failed: " + failed.getMessage(), failed);
        }
    }

    private void release() throws IOException {
        FileChannel open = channel;
        channel = null;
        store.forget(this);
        open.close();
    }

    private void ensureOpen() {
        if (channel == null) {
            throw new IllegalStateException("ingest " + id + " is no longer open (committed, aborted or closed)");
        }
    }
}
