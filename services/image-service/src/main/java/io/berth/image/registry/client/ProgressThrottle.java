package io.berth.image.registry.client;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Byte-count events for one blob, at most one per {@link #INTERVAL_NANOS} plus the first and the last, so a fast
 * transfer of many small chunks doesn't flood the listener (and the Docker client behind it).
 */
final class ProgressThrottle {
    static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ProgressListener listener;
    private final String id;
    private final String status;
    private final long total;
    private final LongSupplier nanoClock;
    private long lastEmitNanos;
    private long lastEmitted = -1;

    ProgressThrottle(ProgressListener listener, String id, String status, long total, LongSupplier nanoClock) {
        this.listener = listener;
        this.id = id;
        this.status = status;
        this.total = total;
        this.nanoClock = nanoClock;
    }

    synchronized void update(long current) {
        long now = nanoClock.getAsLong();
        if (lastEmitted < 0 || now - lastEmitNanos >= INTERVAL_NANOS) {
            emit(current, now);
        }
    }

    /** Emits the final count unless it was the last one emitted. */
    synchronized void finish(long current) {
        if (current != lastEmitted) {
            emit(current, nanoClock.getAsLong());
        }
    }

    private void emit(long current, long now) {
        lastEmitNanos = now;
        lastEmitted = current;
        listener.onProgress(new ProgressEvent(id, status, current, total));
    }
}
