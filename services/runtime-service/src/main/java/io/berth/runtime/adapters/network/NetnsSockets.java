package io.berth.runtime.adapters.network;

import com.sun.jna.LastErrorException;
import io.berth.runtime.adapters.linux.Libc;
import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Creates sockets inside a container's network namespace.
 *
 * <p>A socket belongs to the network namespace of the thread that created it, for its whole life, wherever it is
 * used afterwards. So one dedicated thread ({@code berth-netns-sockets}) enters the container namespace with
 * {@code setns(2)}, creates the socket, and goes back to the host namespace before it takes the next request. It is
 * the only thread of the JVM that ever calls {@code setns(CLONE_NEWNET)}: every other thread stays in the host
 * namespace, so nothing else can create a socket in the wrong place by accident. Creating a socket takes
 * microseconds, so one thread serves every container. Connecting happens later, on the caller's thread.
 *
 * <p>If the thread cannot return to the host namespace it stops for good (its namespace dies with it) and every
 * later request fails, rather than creating host sockets in a container.
 */
final class NetnsSockets implements Closeable {
    private static final Logger LOG = Logger.getLogger(NetnsSockets.class.getName());
    private static final long REQUEST_TIMEOUT_SECONDS = 5;

    private final int hostNetnsFd;
    private final BlockingQueue<Request<?>> requests = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopped;

    /** Something that creates one socket; it runs while the thread is in the container namespace. */
    private interface Opener<T> {
        T open() throws IOException;
    }

    private record Request<T>(int netnsFd, Opener<T> opener, CompletableFuture<T> result) {
    }

    NetnsSockets() throws IOException {
        // The JDK's networking classes probe the kernel with real sockets when first loaded (IPv6 support, for one).
        // Load them here, in the host namespace, so that probe never runs inside a container.
        SocketChannel.open(StandardProtocolFamily.INET).close();
        DatagramChannel.open(StandardProtocolFamily.INET).close();
        hostNetnsFd = openNamespace(Path.of("/proc/self/ns/net"));
        thread = new Thread(this::serve, "berth-netns-sockets");
        thread.setDaemon(true);
        thread.start();
    }

    /** Opens a namespace file ({@code /proc/<pid>/ns/net}) and returns the fd that {@code setns} takes. */
    static int openNamespace(Path file) throws IOException {
        try {
            return Libc.INSTANCE.open(file.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("open " + file + ": errno " + e.getErrorCode(), e);
        }
    }

    static void closeFd(int fd) {
        try {
            Libc.INSTANCE.close(fd);
        } catch (LastErrorException e) {
            LOG.log(Level.WARNING, "close(" + fd + ") failed: errno " + e.getErrorCode());
        }
    }

    /** An unconnected IPv4 TCP socket in the namespace of {@code netnsFd}. */
    SocketChannel openTcp(int netnsFd) throws IOException {
        return call(netnsFd, () -> SocketChannel.open(StandardProtocolFamily.INET));
    }

    /** An unbound IPv4 UDP socket in the namespace of {@code netnsFd}. */
    DatagramChannel openUdp(int netnsFd) throws IOException {
        return call(netnsFd, () -> DatagramChannel.open(StandardProtocolFamily.INET));
    }

    private <T extends Closeable> T call(int netnsFd, Opener<T> opener) throws IOException {
        if (stopped) {
            throw new IOException("the netns socket thread has stopped");
        }
        Request<T> request = new Request<>(netnsFd, opener, new CompletableFuture<>());
        requests.add(request);
        try {
            return request.result().get(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause);
        } catch (TimeoutException e) {
            // A socket that arrives after we gave up must not leak.
            request.result().thenAccept(NetnsSockets::closeQuietly);
            throw new IOException("no socket from the netns thread within " + REQUEST_TIMEOUT_SECONDS + "s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.result().thenAccept(NetnsSockets::closeQuietly);
            throw new IOException("interrupted while waiting for a netns socket", e);
        }
    }

    private void serve() {
        while (!stopped) {
            Request<?> request;
            try {
                request = requests.take();
            } catch (InterruptedException e) {
                break;
            }
            if (!serveOne(request)) {
                stopped = true;
                LOG.severe("berth-netns-sockets could not return to the host network namespace and has stopped;"
                        + " published ports can no longer open connections to containers");
            }
        }
        Request<?> left;
        while ((left = requests.poll()) != null) {
            left.result().completeExceptionally(new IOException("the netns socket thread has stopped"));
        }
    }

    /** Serves one request; false when the thread is stuck outside the host namespace and must stop. */
    private <T> boolean serveOne(Request<T> request) {
        try {
            Libc.INSTANCE.setns(request.netnsFd(), Libc.CLONE_NEWNET);
        } catch (LastErrorException e) {
            request.result().completeExceptionally(
                    new IOException("setns(container netns): errno " + e.getErrorCode(), e));
            return true;
        }
        T socket = null;
        Throwable failure = null;
        try {
            socket = request.opener().open();
        } catch (Throwable t) {
            failure = t;
        }
        try {
            Libc.INSTANCE.setns(hostNetnsFd, Libc.CLONE_NEWNET);
        } catch (LastErrorException e) {
            closeQuietly(socket);
            request.result().completeExceptionally(new IOException("setns(host netns): errno " + e.getErrorCode(), e));
            return false;
        }
        if (failure != null) {
            request.result().completeExceptionally(failure);
        } else {
            request.result().complete(socket);
        }
        return true;
    }

    static void closeQuietly(Object closeable) {
        if (closeable instanceof Closeable c) {
            try {
                c.close();
            } catch (IOException ignored) {
                // Closing is best effort: the peer sees the connection end either way.
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(REQUEST_TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            closeFd(hostNetnsFd);
        }
    }
}
