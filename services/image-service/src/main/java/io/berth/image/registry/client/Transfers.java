package io.berth.image.registry.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs blob transfers a few at a time. The first failure cancels the rest (interrupting them aborts their HTTP
 * exchanges) and is rethrown. Each task is bounded by its requests' deadlines, so waiting for them is too.
 */
final class Transfers {
    private static final AtomicInteger POOLS = new AtomicInteger();

    @FunctionalInterface
    interface Task {
        void run() throws RegistryException;
    }

    private Transfers() {
    }

    static void runAll(List<Task> tasks, int parallelism) throws RegistryException {
        if (tasks.isEmpty()) {
            return;
        }
        String name = "registry-transfer-" + POOLS.incrementAndGet() + "-";
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, tasks.size()), r -> {
            Thread t = new Thread(r, name + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<Future<Void>> futures = new ArrayList<>();
        try {
            for (Task task : tasks) {
                futures.add(pool.submit(() -> {
                    task.run();
                    return null;
                }));
            }
            for (Future<Void> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof RegistryException registry) {
                throw registry;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new RegistryException("a blob transfer failed unexpectedly: " + cause, cause);
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while transferring blobs", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
