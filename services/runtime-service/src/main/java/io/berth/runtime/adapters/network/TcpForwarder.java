package io.berth.runtime.adapters.network;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One published TCP port: accepts on the host listener and splices each client to a fresh connection to
 * {@code 127.0.0.1:containerPort} made from inside the container's namespace.
 *
 * <p>At {@code maxConnections} live connections it stops accepting until one ends; new clients wait in the
 * listen backlog rather than being dropped, as a slow server would make them wait.
 */
final class TcpForwarder implements PortLoop.Endpoint, PortLoop.Handler {
    private static final Logger LOG = Logger.getLogger(TcpForwarder.class.getName());

    private final PortBinding binding;
    private final ServerSocketChannel listener;
    private final int maxConnections;
    private final long connectTimeoutNanos;
    private final Set<TcpSplice> live = new HashSet<>();
    private PortLoop loop;
    private SelectionKey acceptKey;

    TcpForwarder(PortBinding binding, ServerSocketChannel listener, int maxConnections, long connectTimeoutNanos) {
        this.binding = binding;
        this.listener = listener;
        this.maxConnections = maxConnections;
        this.connectTimeoutNanos = connectTimeoutNanos;
    }

    @Override
    public void register(PortLoop loop) throws IOException {
        this.loop = loop;
        listener.configureBlocking(false);
        acceptKey = listener.register(loop.selector(), SelectionKey.OP_ACCEPT, this);
    }

    @Override
    public void ready(SelectionKey key) throws IOException {
        while (live.size() < maxConnections) {
            SocketChannel client = listener.accept();
            if (client == null) {
                return;
            }
            open(client);
        }
        acceptKey.interestOps(0);
        LOG.fine(() -> binding.describe() + ": " + maxConnections + " live connections; accepting paused");
    }

    private void open(SocketChannel client) {
        SocketChannel upstream;
        try {
            upstream = loop.netns().openTcp(loop.netnsFd());
        } catch (IOException e) {
            LOG.log(Level.WARNING, binding.describe() + ": cannot open a socket in the container", e);
            NetnsSockets.closeQuietly(client);
            return;
        }
        TcpSplice splice = new TcpSplice(this, client, upstream, loop, binding.containerPort());
        live.add(splice);
        try {
            splice.start();
        } catch (IOException e) {
            LOG.log(Level.FINE, binding.describe() + ": connection ended while starting", e);
            splice.close(false);
        }
    }

    /** Called by a splice once both its sockets are closed. */
    void ended(TcpSplice splice) {
        if (live.remove(splice) && acceptKey.isValid() && acceptKey.interestOps() == 0) {
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    @Override
    public void failed(IOException e) {
        // accept() failing (e.g. EMFILE) is transient: keep the listener, the next readiness retries.
        LOG.log(Level.WARNING, binding.describe() + ": accept failed", e);
    }

    @Override
    public boolean hasDeadlines() {
        return live.stream().anyMatch(TcpSplice::connecting);
    }

    @Override
    public void tick(long nowNanos) {
        for (TcpSplice s : List.copyOf(live)) {
            s.abortIfConnectingSince(nowNanos - connectTimeoutNanos);
        }
    }

    @Override
    public void closeAll() {
        NetnsSockets.closeQuietly(listener);
        for (TcpSplice s : List.copyOf(live)) {
            s.close(false);
        }
        live.clear();
    }
}
