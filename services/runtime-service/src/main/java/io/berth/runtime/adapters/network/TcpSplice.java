package io.berth.runtime.adapters.network;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client connection and its peer connection inside the container, copying bytes both ways.
 *
 * <p>Each direction ends on its own: when one side shuts down its output, the other side gets a shutdown of its
 * input once the bytes in flight are delivered (half-close, which {@code nc} and HTTP/1.0 clients rely on). The
 * splice closes when both directions have ended. A reset or error on either side resets the other.
 */
final class TcpSplice {
    private final TcpForwarder owner;
    private final SocketChannel client;
    private final SocketChannel upstream;
    private final PortLoop loop;
    private final int containerPort;
    private final long startedNanos = System.nanoTime();
    private SelectionKey clientKey;
    private SelectionKey upstreamKey;
    private Flow toContainer;
    private Flow toClient;
    private boolean closed;

    TcpSplice(TcpForwarder owner, SocketChannel client, SocketChannel upstream, PortLoop loop, int containerPort) {
        this.owner = owner;
        this.client = client;
        this.upstream = upstream;
        this.loop = loop;
        this.containerPort = containerPort;
    }

    /** Bytes from one socket to the other through one buffer. */
    private static final class Flow {
        private final SocketChannel source;
        private final SocketChannel sink;
        private final ByteBuffer buffer;
        private boolean sourceEnded;
        private boolean sinkShut;

        Flow(SocketChannel source, SocketChannel sink, ByteBuffer buffer) {
            this.source = source;
            this.sink = sink;
            this.buffer = buffer;
        }

        /** Moves what can move now without blocking. */
        void pump() throws IOException {
            if (!sourceEnded && buffer.hasRemaining() && source.read(buffer) < 0) {
                sourceEnded = true;
            }
            if (buffer.position() > 0) {
                buffer.flip();
                sink.write(buffer);
                buffer.compact();
            }
            if (sourceEnded && buffer.position() == 0 && !sinkShut) {
                sink.shutdownOutput();
                sinkShut = true;
            }
        }

        boolean wantsRead() {
            return !sourceEnded && buffer.hasRemaining();
        }

        boolean wantsWrite() {
            return buffer.position() > 0;
        }

        boolean done() {
            return sinkShut;
        }
    }

    /** Starts the non-blocking connect to the container port; client bytes wait in the kernel until it completes. */
    void start() throws IOException {
        client.configureBlocking(false);
        upstream.configureBlocking(false);
        clientKey = client.register(loop.selector(), 0, new Side());
        boolean connected = upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), containerPort));
        upstreamKey = upstream.register(loop.selector(), connected ? 0 : SelectionKey.OP_CONNECT, clientKey.attachment());
        if (connected) {
            connected();
        }
    }

    boolean connecting() {
        return toClient == null && !closed;
    }

    void abortIfConnectingSince(long deadlineNanos) {
        if (connecting() && startedNanos - deadlineNanos < 0) {
            close(false);
        }
    }

    private void connected() throws IOException {
        toContainer = new Flow(client, upstream, loop.buffers().take());
        toClient = new Flow(upstream, client, loop.buffers().take());
        pump();
    }

    private void pump() throws IOException {
        toContainer.pump();
        toClient.pump();
        if (toContainer.done() && toClient.done()) {
            close(false);
            return;
        }
        clientKey.interestOps((toContainer.wantsRead() ? SelectionKey.OP_READ : 0)
                | (toClient.wantsWrite() ? SelectionKey.OP_WRITE : 0));
        upstreamKey.interestOps((toClient.wantsRead() ? SelectionKey.OP_READ : 0)
                | (toContainer.wantsWrite() ? SelectionKey.OP_WRITE : 0));
    }

    /** The selector attachment for both sockets: any readiness on either side pumps both directions. */
    private final class Side implements PortLoop.Handler {
        @Override
        public void ready(SelectionKey key) throws IOException {
            if (closed) {
                return;
            }
            if (toClient == null) {
                if (key.isConnectable()) {
                    finishConnect();
                }
                return;
            }
            pump();
        }

        @Override
        public void failed(IOException e) {
            // A reset or broken pipe on one side: reset the other so the peer learns the stream is incomplete.
            close(true);
        }
    }

    private void finishConnect() throws IOException {
        try {
            upstream.finishConnect();
        } catch (IOException refused) {
            // Nothing listens on the port in the container: end the client connection, as docker-proxy does.
            close(false);
            return;
        }
        connected();
    }

    /** Closes both sockets once; {@code reset} sends RST instead of FIN. Runs on the loop thread. */
    void close(boolean reset) {
        if (closed) {
            return;
        }
        closed = true;
        if (reset) {
            lingerZero(client);
            lingerZero(upstream);
        }
        NetnsSockets.closeQuietly(client);
        NetnsSockets.closeQuietly(upstream);
        if (toContainer != null) {
            loop.buffers().give(toContainer.buffer);
            loop.buffers().give(toClient.buffer);
        }
        owner.ended(this);
    }

    private static void lingerZero(SocketChannel channel) {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | RuntimeException ignored) {
            // Already closed or never connected: a plain close is all that is left.
        }
    }
}
