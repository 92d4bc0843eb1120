package io.berth.runtime.application.containers;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps HTTP reads of a container's writable layer ({@code docker diff}, the layer tar of {@code docker commit})
 * apart from the agent deleting it. Reads run on request threads, not on the agent's single thread: a commit
 * streams a layer of any size to a client of any speed, and the agent must not wait behind that for all its
 * containers. So a read holds a read lock, and deleting the snapshot takes the write lock.
 *
 * <p>Deleting waits at most {@link #REMOVAL_WAIT} for reads in progress, then goes ahead anyway: a stuck client must
 * not hold up {@code docker rm}. A read that loses its files fails (its stream is cut short; image-service stores
 * nothing from a cut tar). Locks are striped by container id, so there is nothing to clean up per container.
 */
final class SnapshotGuard {
    static final Duration REMOVAL_WAIT = Duration.ofSeconds(30);
    private static final int STRIPES = 64;

    private final ReentrantReadWriteLock[] stripes = new ReentrantReadWriteLock[STRIPES];

    SnapshotGuard() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantReadWriteLock();
        }
    }

    /** Held while the container's writable layer is read; release it with {@link Lock#unlock()}. */
    Lock read(String containerId) {
        Lock lock = stripe(containerId).readLock();
        lock.lock();
        return lock;
    }

    /** Runs {@code removal} once reads of the container are done, or after {@link #REMOVAL_WAIT} regardless. */
    void removing(String containerId, Runnable removal) {
        Lock lock = stripe(containerId).writeLock();
        boolean locked = false;
        try {
            locked = lock.tryLock(REMOVAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            removal.run();
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    private ReentrantReadWriteLock stripe(String containerId) {
        return stripes[Math.floorMod(containerId.hashCode(), STRIPES)];
    }
}
