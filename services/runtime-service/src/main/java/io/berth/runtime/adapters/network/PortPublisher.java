package io.berth.runtime.adapters.network;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Publishes container ports on the host as a userland proxy, the way docker-proxy does, for containers whose network
 * namespace has only {@code lo}: Berth listens on the host address and, per client, connects to
 * {@code 127.0.0.1:containerPort} from inside the container's namespace (see {@link NetnsSockets}).
 *
 * <p>Threads: one {@code berth-netns-sockets} thread for the whole publisher, and one event-loop thread per
 * published container ({@code berth-ports-<id12> <ports>}, see {@link PortLoop}). Calls to this class are
 * serialised; they are rare (container start and stop).
 */
public final class PortPublisher implements AutoCloseable {
    private static final int LISTEN_BACKLOG = 128;

    /**
     * Bounds per published port. Docker has none; Berth caps live TCP connections (further clients wait in the
     * backlog) and UDP clients (further datagrams are dropped), and forgets a UDP client after Docker's 90 s idle time.
     */
    public record Limits(int maxConnectionsPerPort, int maxUdpClientsPerPort, Duration udpIdleTimeout,
            Duration connectTimeout) {
        public static Limits defaults() {
            return new Limits(512, 1024, Duration.ofSeconds(90), Duration.ofSeconds(10));
        }
    }

    private record Active(Published published, PortLoop loop) {
    }

    private record Reserved(Published published, List<PortLoop.Endpoint> endpoints, List<Closeable> sockets) {
    }

    private final Limits limits;
    private final NetnsSockets netns;
    private final Map<String, Active> active = new HashMap<>();
    private final Map<String, Reserved> reserved = new HashMap<>();

    public PortPublisher() {
        this(Limits.defaults());
    }

    public PortPublisher(Limits limits) {
        this.limits = limits;
        try {
            this.netns = new NetnsSockets();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the netns socket thread", e);
        }
    }

    /** Binds every host socket, then serves them into {@code netnsFile}: {@link #reserve} and {@link #serve} in one. */
    public synchronized Published publish(String containerId, Path netnsFile, List<PortBinding> bindings)
            throws PortInUseException {
        Published published = reserve(containerId, bindings);
        try {
            serve(containerId, netnsFile);
        } catch (RuntimeException e) {
            unpublish(containerId);
            throw e;
        }
        return published;
    }

    /**
     * Binds every host socket, before the container's process exists (as Docker sets up networking before the
     * process starts, a taken port fails the start and nothing runs). All or nothing: if any binding fails, the
     * sockets bound so far are closed before the exception is thrown.
     *
     * @return the bindings with the host ports actually bound
     * @throws PortInUseException with Docker's message, e.g. {@code Bind for 127.0.0.1:8080 failed: port is already
     *     allocated} when another container holds the port
     * @throws IllegalStateException if the container already has published ports
     */
    public synchronized Published reserve(String containerId, List<PortBinding> bindings) throws PortInUseException {
        if (active.containsKey(containerId) || reserved.containsKey(containerId)) {
            throw new IllegalStateException("container " + containerId + " already has published ports");
        }
        List<PortBinding> bound = new ArrayList<>();
        List<PortLoop.Endpoint> endpoints = new ArrayList<>();
        List<Closeable> sockets = new ArrayList<>();
        try {
            for (PortBinding b : bindings) {
                NetworkChannel socket = bindHost(b, bound);
                sockets.add(socket);
                PortBinding actual = new PortBinding(b.hostIp(), localPort(socket), b.containerPort(), b.protocol());
                bound.add(actual);
                endpoints.add(endpoint(actual, socket));
            }
        } catch (PortInUseException | RuntimeException e) {
            sockets.forEach(NetnsSockets::closeQuietly);
            throw e;
        }
        Published published = new Published(containerId, bound);
        reserved.put(containerId, new Reserved(published, endpoints, sockets));
        return published;
    }

    /**
     * Starts forwarding the reserved ports into the container's network namespace; does nothing when none were
     * reserved.
     *
     * @param netnsFile the container's {@code /proc/<pid>/ns/net}; it is held open until {@link #unpublish}
     * @throws UncheckedIOException if the namespace file cannot be opened (the container is gone); the reservation
     *     stays until {@link #unpublish}
     */
    public synchronized void serve(String containerId, Path netnsFile) {
        Reserved r = reserved.get(containerId);
        if (r == null) {
            return;
        }
        int netnsFd;
        try {
            netnsFd = NetnsSockets.openNamespace(netnsFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            PortLoop loop = new PortLoop(threadName(containerId, r.published().bindings()), r.endpoints(), netnsFd, netns,
                    limits.maxConnectionsPerPort());
            reserved.remove(containerId);
            active.put(containerId, new Active(r.published(), loop));
            loop.start();
        } catch (IOException e) {
            NetnsSockets.closeFd(netnsFd);
            throw new UncheckedIOException("cannot start serving ports of " + containerId, e);
        } catch (RuntimeException e) {
            NetnsSockets.closeFd(netnsFd);
            throw e;
        }
    }

    /**
     * Closes the container's listeners and every live connection through them; the host ports are free when this
     * returns. Does nothing for a container without published ports.
     */
    public synchronized void unpublish(String containerId) {
        Active a = active.remove(containerId);
        if (a != null) {
            a.loop().stop();
        }
        Reserved r = reserved.remove(containerId);
        if (r != null) {
            r.sockets().forEach(NetnsSockets::closeQuietly);
        }
    }

    /** What is published for a container, for {@code NetworkSettings.Ports} and {@code ps}. */
    public synchronized Optional<Published> published(String containerId) {
        Active a = active.get(containerId);
        return a == null ? Optional.empty() : Optional.of(a.published());
    }

    @Override
    public synchronized void close() {
        for (String id : List.copyOf(active.keySet())) {
            unpublish(id);
        }
        for (String id : List.copyOf(reserved.keySet())) {
            unpublish(id);
        }
        netns.close();
    }

    private PortLoop.Endpoint endpoint(PortBinding actual, NetworkChannel socket) {
        if (socket instanceof ServerSocketChannel tcp) {
            return new TcpForwarder(actual, tcp, limits.maxConnectionsPerPort(), limits.connectTimeout().toNanos());
        }
        return new UdpRelay(actual, (DatagramChannel) socket, limits.maxUdpClientsPerPort(),
                limits.udpIdleTimeout().toNanos());
    }

    /** Binds the host socket for {@code b}, trying each port of a host port range in turn. */
    private NetworkChannel bindHost(PortBinding b, List<PortBinding> boundSoFar) throws PortInUseException {
        InetAddress address = hostAddress(b);
        if (b.hostPort() == 0 || b.hostPort() == b.hostPortEnd()) {
            if (b.hostPort() != 0 && isAllocated(b.hostIp(), b.hostPort(), b.protocol(), boundSoFar)) {
                throw new PortInUseException(b, allocatedMessage(b.hostIp(), String.valueOf(b.hostPort())), null);
            }
            try {
                return open(b.protocol(), address, b.hostPort());
            } catch (IOException e) {
                throw new PortInUseException(b, userlandProxyMessage(b, address, e), e);
            }
        }
        for (int port = b.hostPort(); port <= b.hostPortEnd(); port++) {
            if (isAllocated(b.hostIp(), port, b.protocol(), boundSoFar)) {
                continue;
            }
            try {
                return open(b.protocol(), address, port);
            } catch (IOException e) {
                // Taken by some other process: try the next port of the range.
            }
        }
        throw new PortInUseException(b, allocatedMessage(b.hostIp(), b.hostPort() + "-" + b.hostPortEnd()), null);
    }

    private static NetworkChannel open(Protocol protocol, InetAddress address, int port) throws IOException {
        ProtocolFamily family = address instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        InetSocketAddress local = new InetSocketAddress(address, port);
        NetworkChannel channel = protocol == Protocol.TCP ? ServerSocketChannel.open(family) : DatagramChannel.open(family);
        try {
            if (channel instanceof ServerSocketChannel tcp) {
                tcp.bind(local, LISTEN_BACKLOG);
            } else {
                channel.bind(local);
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Whether Berth itself already serves this host port: Docker's port allocator answers "already allocated". */
    private boolean isAllocated(String ip, int port, Protocol protocol, List<PortBinding> boundSoFar) {
        List<PortBinding> taken = new ArrayList<>(boundSoFar);
        active.values().forEach(a -> taken.addAll(a.published().bindings()));
        reserved.values().forEach(r -> taken.addAll(r.published().bindings()));
        return taken.stream().anyMatch(t -> t.protocol() == protocol && t.hostPort() == port
                && (t.hostIp().equals(ip) || isWildcard(t.hostIp()) || isWildcard(ip)));
    }

    private static boolean isWildcard(String ip) {
        return ip.equals("0.0.0.0") || ip.equals("::");
    }

    private static InetAddress hostAddress(PortBinding b) {
        if (!PortSpecParser.isIpLiteral(b.hostIp())) {
            throw new IllegalArgumentException("host address is not an IP literal: " + b.hostIp());
        }
        try {
            return InetAddress.getByName(b.hostIp());
        } catch (IOException e) {
            throw new IllegalArgumentException("host address is not an IP literal: " + b.hostIp(), e);
        }
    }

    /** libnetwork's portallocator wording. */
    private static String allocatedMessage(String ip, String port) {
        return "Bind for " + ip + ":" + port + " failed: port is already allocated";
    }

    /** What dockerd 20.10 reports when docker-proxy cannot listen (a process outside Docker holds the port). */
    private static String userlandProxyMessage(PortBinding b, InetAddress address, IOException e) {
        boolean v6 = address instanceof Inet6Address;
        String network = b.protocol().wireName() + (v6 ? "6" : "4");
        String host = v6 ? "[" + b.hostIp() + "]" : b.hostIp();
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof BindException && !reason.isEmpty()) {
            reason = Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
        }
        return "Error starting userland proxy: listen " + network + " " + host + ":" + b.hostPort() + ": bind: " + reason;
    }

    private static int localPort(NetworkChannel socket) {
        try {
            return ((InetSocketAddress) socket.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String threadName(String containerId, List<PortBinding> bound) {
        String id = containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
        String ports = bound.stream().limit(3).map(PortBinding::describe).collect(Collectors.joining(","));
        return "berth-ports-" + id + " " + ports + (bound.size() > 3 ? ",+" + (bound.size() - 3) + " more" : "");
    }
}
