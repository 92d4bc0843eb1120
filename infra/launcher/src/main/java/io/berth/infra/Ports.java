package io.berth.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port choice and checks; everything Berth runs listens on 127.0.0.1 only. */
final class Ports {
    static final String LOOPBACK = "127.0.0.1";

    private Ports() {
    }

    /** A port the kernel says is free right now (0 on the command line means "pick one"). */
    static int pickFree() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("could not find a free port on " + LOOPBACK, e);
        }
    }

    /** A free port other than {@code taken} (ports just picked are free again until someone binds them). */
    static int pickFreeExcept(int... taken) {
        while (true) {
            int port = pickFree();
            if (java.util.Arrays.stream(taken).noneMatch(t -> t == port)) {
                return port;
            }
        }
    }

    static int orFree(int requested) {
        return requested == 0 ? pickFree() : requested;
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails early with a message naming the owner, instead of a bind error deep inside Kafka or PostgreSQL. */
    static void requireFree(int port, String what) {
        if (!isFree(port)) {
            throw new IllegalStateException(what + ": port " + LOOPBACK + ":" + port
                    + " is already in use (another Berth still running? check `ss -ltnp`)");
        }
    }
}
