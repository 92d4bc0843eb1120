package io.berth.image.registry.server;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A request body as a blocking stream for a worker thread, so uploads go straight to disk chunk by chunk and are
 * never held whole in memory. The event loop queues what arrives; past {@link #HIGH_WATER} buffers it pauses the
 * request (TCP backpressure) until the reader has drained to {@link #LOW_WATER}.
 *
 * <p>Create it on the event loop before anything can arrive (the request is paused then); reading starts the flow.
 * A body broken off (the client went away, or sent fewer bytes than its Content-Length) is an {@link IOException},
 * never a silent end, so a truncated upload is not committed.
 */
final class RequestBodyStream extends InputStream {
    private static final int HIGH_WATER = 16;
    private static final int LOW_WATER = 4;
    private static final long STALL_MILLIS = 5 * 60 * 1000L;

    private final HttpServerRequest request;
    private final Context context;
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    private Buffer current;
    private int position;
    private boolean ended;
    private boolean flowing;
    private boolean paused;
    private boolean released;
    private Throwable failure;
    private long received;

    RequestBodyStream(HttpServerRequest request, Context context) {
        this.request = request;
        this.context = context;
        request.pause();
        if (request.isEnded()) {
            ended = true;
            return;
        }
        request.handler(this::arrived);
        request.endHandler(v -> finish(null));
        request.exceptionHandler(this::finish);
    }

    private synchronized void arrived(Buffer buffer) {
        if (released) {
            return;
        }
        queue.add(buffer);
        received += buffer.length();
        if (queue.size() >= HIGH_WATER && !paused) {
            paused = true;
            request.pause();
        }
        notifyAll();
    }

    private synchronized void finish(Throwable error) {
        if (error != null && !ended) {
            failure = error;
        }
        ended = true;
        notifyAll();
    }

    /** Bytes that have arrived so far (read or still queued). */
    synchronized long received() {
        return received;
    }

    /** Whether the whole body has arrived (or the request had none). */
    synchronized boolean isEnded() {
        return ended && failure == null;
    }

    @Override
    public synchronized int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0 || !awaitCurrent()) {
            return length == 0 ? 0 : -1;
        }
        int n = Math.min(length, current.length() - position);
        current.getBytes(position, position + n, into, offset);
        position += n;
        resumeBelowLowWater();
        return n;
    }

    /** A sink for {@link #transferTo(Sink)}: it must consume the whole buffer before returning. */
    @FunctionalInterface
    interface Sink {
        void write(ByteBuffer bytes) throws IOException;
    }

    /**
     * Hands the rest of the body to {@code sink} buffer by buffer as it arrives, without copying it into an array of
     * ours first (the bulk path for uploads); returns the number of bytes transferred.
     */
    long transferTo(Sink sink) throws IOException {
        long transferred = 0;
        for (ByteBuffer next; (next = nextBuffer()) != null; ) {
            transferred += next.remaining();
            sink.write(next); // outside the lock, so the event loop can queue the next buffers meanwhile
        }
        return transferred;
    }

    private synchronized ByteBuffer nextBuffer() throws IOException {
        if (!awaitCurrent()) {
            return null;
        }
        ByteBuffer bytes = current.getByteBuf().nioBuffer(position, current.length() - position);
        current = null;
        resumeBelowLowWater();
        return bytes;
    }

    /** Waits until {@link #current} has unread bytes; false at the end of the body. */
    private boolean awaitCurrent() throws IOException {
        while (current == null || position >= current.length()) {
            current = queue.poll();
            position = 0;
            if (current != null) {
                continue;
            }
            if (failure != null) {
                throw new IOException("the request body was broken off after " + received + " bytes: " + failure.getMessage(), failure);
            }
            if (ended) {
                return false;
            }
            demand();
            awaitData();
        }
        return true;
    }

    private void resumeBelowLowWater() {
        if (paused && queue.size() <= LOW_WATER) {
            paused = false;
            context.runOnContext(v -> request.resume());
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /**
     * Lets the rest of the body flow past unread, after an answer that did not need it, so the connection can serve its
     * next request (a paused request stops the whole connection from reading).
     */
    synchronized void release() {
        released = true;
        queue.clear();
        current = null;
        if (!ended) {
            context.runOnContext(v -> request.resume());
        }
    }

    private void demand() {
        if (!flowing) {
            flowing = true;
            context.runOnContext(v -> request.resume());
        }
    }

    private void awaitData() throws IOException {
        long deadline = System.currentTimeMillis() + STALL_MILLIS;
        try {
            while (queue.isEmpty() && !ended) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new IOException("no request body bytes arrived for " + STALL_MILLIS / 1000 + " s after " + received + " bytes");
                }
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the request body");
        }
    }
}
