package io.berth.gateway.api.docker;

import io.netty.channel.ChannelOption;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerRequest;
import io.vertx.core.http.impl.Http1xServerResponse;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.ConnectionBase;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Docker's connection hijack: answer 101 and hand the raw TCP connection to the caller. Vert.x offers this
 * ({@code toNetSocket}) only for GET upgrades, CONNECT and websockets, while Docker's attach is a POST, so the
 * same upgrade is invoked on the HTTP/1.1 response directly. Vert.x 4's internals: kept in this one class.
 */
final class Hijack {
    private static final Method NET_SOCKET;

    static {
        try {
            NET_SOCKET = Http1xServerResponse.class.getDeclaredMethod("netSocket", HttpMethod.class, MultiMap.class);
            NET_SOCKET.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Hijack() {
    }

    /** Sends the 101 with the response headers already set, then gives the connection as a socket. */
    @SuppressWarnings("unchecked")
    static Future<NetSocket> upgrade(HttpServerRequest request) {
        Http1xServerRequest http1 = unwrap(request);
        if (http1 == null) {
            return Future.failedFuture("attach needs an HTTP/1.1 connection to take over");
        }
        // The CLI half-closes its side right after the 101 when it sends no stdin. Netty closes the whole
        // connection on a half-close unless told otherwise, which would cut the output off before it starts.
        if (http1.connection() instanceof ConnectionBase base) {
            base.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        }
        try {
            return (Future<NetSocket>) NET_SOCKET.invoke(http1.response(), HttpMethod.GET, request.headers());
        } catch (ReflectiveOperationException e) {
            return Future.failedFuture(e);
        }
    }

    /** Quarkus wraps the request (forwarding, resuming); the connection upgrade needs Vert.x's own. */
    private static Http1xServerRequest unwrap(Object request) {
        for (int depth = 0; request != null && depth < 10; depth++) {
            if (request instanceof Http1xServerRequest r) {
                return r;
            }
            request = delegate(request);
        }
        return null;
    }

    private static Object delegate(Object wrapper) {
        for (Class<?> c = wrapper.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (HttpServerRequest.class.isAssignableFrom(f.getType())) {
                    try {
                        f.setAccessible(true);
                        return f.get(wrapper);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }
}
