package io.berth.runtime.adapters.network;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers for TCP splices, reused across connections so a busy port does not churn native memory (a direct
 * buffer is only freed when the GC gets to it). Used by one event-loop thread only, hence no locking. The number of
 * buffers in use is bounded by the connection cap; at most {@code maxIdle} are kept when unused.
 */
final class BufferPool {
    static final int BUFFER_BYTES = 16 * 1024;

    private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>();
    private final int maxIdle;

    BufferPool(int maxIdle) {
        this.maxIdle = maxIdle;
    }

    ByteBuffer take() {
        ByteBuffer b = idle.poll();
        return b != null ? b.clear() : ByteBuffer.allocateDirect(BUFFER_BYTES);
    }

    void give(ByteBuffer buffer) {
        if (buffer != null && idle.size() < maxIdle) {
            idle.push(buffer);
        }
    }
}
