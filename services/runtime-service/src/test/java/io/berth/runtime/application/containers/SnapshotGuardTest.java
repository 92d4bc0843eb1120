package io.berth.runtime.application.containers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;

class SnapshotGuardTest {
    private final SnapshotGuard guard = new SnapshotGuard();

    @Test
    void removalWaitsForAReadInProgressAndRunsRightAfterIt() throws Exception {
        Lock read = guard.read("c1");
        AtomicBoolean removed = new AtomicBoolean();
        CompletableFuture<Void> removal = CompletableFuture.runAsync(() -> guard.removing("c1", () -> removed.set(true)));
        Thread.sleep(200);
        assertFalse(removed.get(), "the layer is not deleted under a reader");
        read.unlock();
        removal.get(5, TimeUnit.SECONDS);
        assertTrue(removed.get());
    }

    @Test
    void readsOfOneContainerDoNotWaitForEachOther() throws Exception {
        Lock first = guard.read("c1");
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> guard.read("c1").unlock());
        second.get(5, TimeUnit.SECONDS);
        first.unlock();
    }
}
