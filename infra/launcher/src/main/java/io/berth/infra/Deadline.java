package io.berth.infra;

import java.time.Duration;

/** A point in time that every wait in the launcher is bounded by, so nothing ever hangs silently. */
final class Deadline {
    private final long endNanos;
    private final Duration total;

    private Deadline(Duration total) {
        this.total = total;
        this.endNanos = System.nanoTime() + total.toNanos();
    }

    static Deadline in(Duration total) {
        return new Deadline(total);
    }

    boolean passed() {
        return System.nanoTime() - endNanos >= 0;
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    /** How long this deadline allowed in total, for error messages ("within 60 s"). */
    long totalSeconds() {
        return total.toSeconds();
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
