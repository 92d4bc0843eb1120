package io.berth.runtime.adapters.network;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One published UDP port. Each client address gets its own socket in the container, connected to
 * {@code 127.0.0.1:containerPort}, so replies from the container find their way back to the right client (the
 * container sees every client as a different local port, as with docker-proxy). A client's socket is closed after
 * {@code idleTimeoutNanos} without traffic either way; at {@code maxClients} datagrams from new clients are dropped,
 * which UDP senders must tolerate anyway.
 */
final class UdpRelay implements PortLoop.Endpoint, PortLoop.Handler {
    private static final Logger LOG = Logger.getLogger(UdpRelay.class.getName());
    /** Datagrams handled per readiness before the loop serves others, so one flood cannot starve other ports. */
    private static final int BATCH = 64;

    private final PortBinding binding;
    private final DatagramChannel host;
    private final int maxClients;
    private final long idleTimeoutNanos;
    private final Map<SocketAddress, Client> clients = new HashMap<>();
    private PortLoop loop;

    UdpRelay(PortBinding binding, DatagramChannel host, int maxClients, long idleTimeoutNanos) {
        this.binding = binding;
        this.host = host;
        this.maxClients = maxClients;
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    @Override
    public void register(PortLoop loop) throws IOException {
        this.loop = loop;
        host.configureBlocking(false);
        host.register(loop.selector(), SelectionKey.OP_READ, this);
    }

    /** Datagrams from clients on the host port, forwarded into the container. */
    @Override
    public void ready(SelectionKey key) throws IOException {
        ByteBuffer buffer = loop.datagramBuffer();
        for (int i = 0; i < BATCH; i++) {
            buffer.clear();
            SocketAddress from = host.receive(buffer);
            if (from == null) {
                return;
            }
            buffer.flip();
            Client c = clients.get(from);
            if (c == null) {
                c = newClient(from);
                if (c == null) {
                    continue;
                }
            }
            c.lastActiveNanos = System.nanoTime();
            try {
                c.socket.write(buffer);
            } catch (PortUnreachableException e) {
                // The container refused an earlier datagram (nothing listening): start afresh next time.
                c.close();
            }
        }
    }

    private Client newClient(SocketAddress from) {
        if (clients.size() >= maxClients) {
            LOG.fine(() -> binding.describe() + ": " + maxClients + " UDP clients; dropping a datagram from " + from);
            return null;
        }
        DatagramChannel socket = null;
        try {
            socket = loop.netns().openUdp(loop.netnsFd());
            socket.configureBlocking(false);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), binding.containerPort()));
            Client c = new Client(from, socket);
            socket.register(loop.selector(), SelectionKey.OP_READ, c);
            clients.put(from, c);
            return c;
        } catch (IOException e) {
            LOG.log(Level.WARNING, binding.describe() + ": cannot open a UDP socket in the container", e);
            NetnsSockets.closeQuietly(socket);
            return null;
        }
    }

    /** One client address and its socket in the container. */
    private final class Client implements PortLoop.Handler {
        private final SocketAddress address;
        private final DatagramChannel socket;
        private long lastActiveNanos = System.nanoTime();

        Client(SocketAddress address, DatagramChannel socket) {
            this.address = address;
            this.socket = socket;
        }

        /** Replies from the container, sent back to the client from the published host port. */
        @Override
        public void ready(SelectionKey key) throws IOException {
            ByteBuffer buffer = loop.datagramBuffer();
            for (int i = 0; i < BATCH; i++) {
                buffer.clear();
                int n;
                try {
                    n = socket.read(buffer);
                } catch (PortUnreachableException e) {
                    close();
                    return;
                }
                if (n <= 0) {
                    return;
                }
                buffer.flip();
                lastActiveNanos = System.nanoTime();
                host.send(buffer, address);
            }
        }

        @Override
        public void failed(IOException e) {
            close();
        }

        void close() {
            clients.remove(address, this);
            NetnsSockets.closeQuietly(socket);
        }
    }

    @Override
    public void failed(IOException e) {
        // A failed receive or send on the host socket loses one datagram; UDP allows that. Keep serving.
        LOG.log(Level.FINE, binding.describe() + ": datagram lost", e);
    }

    @Override
    public boolean hasDeadlines() {
        return !clients.isEmpty();
    }

    @Override
    public void tick(long nowNanos) {
        for (Client c : List.copyOf(clients.values())) {
            if (nowNanos - c.lastActiveNanos > idleTimeoutNanos) {
                c.close();
            }
        }
    }

    @Override
    public void closeAll() {
        NetnsSockets.closeQuietly(host);
        for (Client c : List.copyOf(clients.values())) {
            c.close();
        }
    }
}
