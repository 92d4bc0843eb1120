package io.berth.runtime.adapters.network;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one thread that serves every published port of one container: a selector over its host listeners, the
 * accepted client connections and their peers inside the container.
 *
 * <p>Why non-blocking I/O on one thread per container rather than two blocking threads per connection: the thread
 * count stays at one per container however many clients connect, memory is the pooled buffers only, and closing
 * everything at {@link #stop} is a matter of closing channels on this thread, with no other threads to chase. The
 * loop never spins: it blocks in {@code select} and only wakes once a second while something has a deadline
 * (a pending connect, a UDP client that may go idle).
 */
final class PortLoop {
    private static final Logger LOG = Logger.getLogger(PortLoop.class.getName());
    private static final long TICK_MILLIS = 1000;

    /** Something registered with the selector; the key's attachment. */
    interface Handler {
        void ready(SelectionKey key) throws IOException;

        /** Called when {@link #ready} threw: release what this handler holds. */
        void failed(IOException e);
    }

    /** A published port's server side: owns its channels, has deadlines to check, and is closed at stop. */
    interface Endpoint {
        void register(PortLoop loop) throws IOException;

        /** True while some deadline is pending, so the loop must wake up to call {@link #tick}. */
        boolean hasDeadlines();

        void tick(long nowNanos);

        void closeAll();
    }

    private final Selector selector;
    private final List<Endpoint> endpoints;
    private final int netnsFd;
    private final NetnsSockets netns;
    private final BufferPool buffers;
    /** One datagram at a time passes through the loop, so one 64 KiB buffer serves every UDP relay. */
    private final ByteBuffer datagram = ByteBuffer.allocateDirect(65536);
    private final Thread thread;
    private volatile boolean stopping;

    PortLoop(String threadName, List<Endpoint> endpoints, int netnsFd, NetnsSockets netns, int maxIdleBuffers)
            throws IOException {
        this.selector = Selector.open();
        this.endpoints = List.copyOf(endpoints);
        this.netnsFd = netnsFd;
        this.netns = netns;
        this.buffers = new BufferPool(maxIdleBuffers);
        try {
            for (Endpoint e : this.endpoints) {
                e.register(this);
            }
        } catch (IOException e) {
            selector.close();
            throw e;
        }
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    BufferPool buffers() {
        return buffers;
    }

    ByteBuffer datagramBuffer() {
        return datagram.clear();
    }

    /** Creates sockets in this container's namespace (see {@link NetnsSockets}). */
    NetnsSockets netns() {
        return netns;
    }

    int netnsFd() {
        return netnsFd;
    }

    private void run() {
        try {
            while (!stopping) {
                boolean deadlines = endpoints.stream().anyMatch(Endpoint::hasDeadlines);
                selector.select(deadlines ? TICK_MILLIS : 0);
                for (SelectionKey key : selector.selectedKeys()) {
                    dispatch(key);
                }
                selector.selectedKeys().clear();
                if (deadlines) {
                    long now = System.nanoTime();
                    endpoints.forEach(e -> e.tick(now));
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            LOG.log(Level.SEVERE, thread.getName() + ": selector failed; closing this container's ports", e);
        } finally {
            endpoints.forEach(Endpoint::closeAll);
            NetnsSockets.closeQuietly(selector);
            NetnsSockets.closeFd(netnsFd);
        }
    }

    private static void dispatch(SelectionKey key) {
        Handler h = (Handler) key.attachment();
        if (!key.isValid()) {
            return;
        }
        try {
            h.ready(key);
        } catch (IOException e) {
            h.failed(e);
        } catch (RuntimeException e) {
            // A bug or a key cancelled under us must end one connection, not every port of the container.
            LOG.log(Level.WARNING, "unexpected failure on a published port", e);
            h.failed(new IOException(e));
        }
    }

    /** Closes every listener and connection and waits for the thread to end, so the host ports are free on return. */
    void stop() {
        stopping = true;
        selector.wakeup();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warning(thread.getName() + " did not stop within 10s");
        }
    }
}
