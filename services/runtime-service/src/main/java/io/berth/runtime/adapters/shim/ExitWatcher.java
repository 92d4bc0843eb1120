package io.berth.runtime.adapters.shim;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Calls back once when a watched bundle's {@code exit} file appears. One daemon thread, woken by inotify
 * (the JDK's {@link WatchService} on Linux; the monitor's rename shows up as a create), so an exit is seen
 * within milliseconds. A sweep every {@value #SWEEP_MILLIS} ms covers lost events (inotify queue overflow).
 * Callbacks run on the watcher thread and must not block for long.
 */
public final class ExitWatcher implements AutoCloseable {
    static final long SWEEP_MILLIS = 500;
    private static final System.Logger LOG = System.getLogger(ExitWatcher.class.getName());

    private final WatchService watchService;
    private final Map<Path, Watched> watched = new ConcurrentHashMap<>();
    private final Thread thread;

    private record Watched(WatchKey key, Consumer<ExitStatus> onExit) {
    }

    public ExitWatcher() throws IOException {
        watchService = FileSystems.getDefault().newWatchService();
        thread = new Thread(this::run, "berth-exit-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Calls {@code onExit} once when {@code bundleDir/exit} exists, right away (on the calling thread) if it
     * already does. Watching the same bundle again replaces the callback.
     */
    public void watch(Path bundleDir, Consumer<ExitStatus> onExit) throws IOException {
        Objects.requireNonNull(onExit, "onExit");
        Path dir = bundleDir.toAbsolutePath().normalize();
        WatchKey key = dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE);
        watched.put(dir, new Watched(key, onExit));
        // registered first, then checked: an exit written in between is caught by one or the other
        if (Files.exists(dir.resolve("exit"))) {
            fire(dir);
        }
    }

    /**
     * Whether {@code bundleDir/exit} exists now or appears within {@code limit}; blocks the caller that long at most.
     * Leaves the bundle unwatched.
     */
    public boolean exitsWithin(Path bundleDir, Duration limit) throws IOException {
        CompletableFuture<Void> exited = new CompletableFuture<>();
        watch(bundleDir, status -> exited.complete(null));
        try {
            exited.get(limit.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            unwatch(bundleDir);
        }
    }

    /** Stops watching; the callback will not be called (unless it is running right now). */
    public void unwatch(Path bundleDir) {
        Watched w = watched.remove(bundleDir.toAbsolutePath().normalize());
        if (w != null) {
            w.key().cancel();
        }
    }

    @Override
    public void close() throws IOException {
        watchService.close();
        thread.interrupt();
    }

    private void run() {
        long nextSweep = System.nanoTime();
        try {
            while (true) {
                WatchKey key = watchService.poll(SWEEP_MILLIS, TimeUnit.MILLISECONDS);
                if (key != null) {
                    handle(key);
                }
                if (System.nanoTime() - nextSweep >= 0) {
                    watched.keySet().stream().filter(d -> Files.exists(d.resolve("exit"))).forEach(this::fire);
                    nextSweep = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private void handle(WatchKey key) {
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW || Path.of("exit").equals(event.context())) {
                if (Files.exists(dir.resolve("exit"))) {
                    fire(dir);
                }
            }
        }
        key.reset();
    }

    /** Removing the entry first makes the callback fire at most once per watch. */
    private void fire(Path dir) {
        Watched w = watched.remove(dir);
        if (w == null) {
            return;
        }
        w.key().cancel();
        try {
            Bundle bundle = new Bundle(dir);
            w.onExit().accept(bundle.exit().orElseThrow());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "exit callback for " + dir + " failed", e);
        }
    }
}
