package io.berth.gateway.api.docker;

import io.berth.contracts.logs.LogMessage.LogBatch;
import io.berth.contracts.logs.LogMessage.LogEntry;
import io.berth.contracts.logs.LogMessage.RunEnded;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.gateway.application.ContainerCommands;
import io.berth.gateway.application.ContainerLifecycle;
import io.berth.gateway.application.ContainerOutputTail;
import io.berth.gateway.projection.ContainerChanges;
import io.berth.gateway.projection.ContainersQuery;
import io.berth.gateway.projection.ContainersQuery.Container;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The two container endpoints that are streams rather than request/response, as Vert.x routes: {@code wait} sends
 * its headers at once and its body when the condition is met; {@code attach} hijacks the connection (101) and
 * relays the container's output. Version-prefixed paths reach these through {@link DockerApiFilter}'s reroute.
 */
@ApplicationScoped
public class ContainerStreamRoutes {
    private static final Logger LOG = Logger.getLogger(ContainerStreamRoutes.class);
    private static final Pattern FULL_ID = Pattern.compile("[a-f0-9]{64}");

    private final ContainerLifecycle lifecycle;
    private final ContainersQuery containers;
    private final ContainerChanges changes;
    private final ContainerOutputTail output;

    public ContainerStreamRoutes(ContainerLifecycle lifecycle, ContainersQuery containers, ContainerChanges changes, ContainerOutputTail output) {
        this.lifecycle = lifecycle;
        this.containers = containers;
        this.changes = changes;
        this.output = output;
    }

    void routes(@Observes Router router) {
        router.route(HttpMethod.POST, "/containers/:id/wait").handler(this::waitFor);
        router.route(HttpMethod.POST, "/containers/:id/attach").handler(this::attach);
    }

    private void waitFor(RoutingContext rc) {
        String reference = rc.pathParam("id");
        ContainerWait wait;
        try {
            wait = ContainerWait.of(rc.queryParams().get("condition"));
        } catch (DockerError e) {
            fail(rc, e);
            return;
        }
        rc.vertx().executeBlocking(() -> {
            // Listening begins before the state is read, so no event slips between. The CLI names the container by
            // its full id: then one read tells both that it exists and its state.
            AutoCloseable early = FULL_ID.matcher(reference).matches() ? changes.listen(reference, wait::on) : null;
            Container c;
            try {
                c = lifecycle.require(reference);
            } catch (RuntimeException e) {
                close(early);
                throw e;
            }
            if (early != null && c.id().equals(reference)) {
                wait.begin(Optional.of(c));
                return early;
            }
            close(early);
            AutoCloseable listening = changes.listen(c.id(), wait::on);
            wait.begin(ContainerCommands.read(() -> containers.resolve(c.id())));
            return listening;
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                fail(rc, ar.cause());
                return;
            }
            AutoCloseable listening = ar.result();
            var response = rc.response().setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
            response.closeHandler(v -> close(listening));
            response.writeHead(); // the CLI starts the container only once these headers arrived
            wait.exitCode().whenComplete((code, error) -> rc.vertx().runOnContext(v -> {
                close(listening);
                if (!response.ended() && !response.closed()) {
                    response.end(ContainerWait.body(code == null ? -1 : code));
                }
            }));
        });
    }

    private void attach(RoutingContext rc) {
        String reference = rc.pathParam("id");
        boolean stdout = flag(rc, "stdout");
        boolean stderr = flag(rc, "stderr");
        AttachSession session = new AttachSession(stdout, stderr);
        rc.vertx().executeBlocking(() -> {
            Container c = lifecycle.require(reference);
            session.tty = c.config().tty();
            session.following = output.follow(c.id(), c.running(), session); // positioned before the 101 goes out
            return c;
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                fail(rc, ar.cause());
                return;
            }
            String contentType = session.tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream";
            HttpServerRequest request = rc.request();
            if (!isUpgrade(request)) {
                // Without the upgrade headers dockerd still streams; here as a chunked body.
                var response = rc.response().setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, contentType);
                response.closeHandler(v -> session.close());
                response.writeHead();
                session.open(response::write, response::end);
                return;
            }
            rc.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType).putHeader(HttpHeaders.CONNECTION, "Upgrade")
                    .putHeader(HttpHeaders.UPGRADE, "tcp");
            Hijack.upgrade(request).onSuccess(socket -> {
                socket.handler(stdin -> { }); // stdin is not relayed to the container (not supported yet)
                socket.closeHandler(v -> session.close());
                session.open(socket::write, socket::close);
            }).onFailure(e -> {
                LOG.warnf("attach to %s could not take over the connection: %s", reference, e.getMessage());
                session.close();
            });
        });
    }

    private static boolean isUpgrade(HttpServerRequest request) {
        String connection = request.getHeader(HttpHeaders.CONNECTION);
        return connection != null && connection.toLowerCase().contains("upgrade") && request.getHeader(HttpHeaders.UPGRADE) != null;
    }

    private static boolean flag(RoutingContext rc, String name) {
        String v = rc.queryParams().get(name);
        return "1".equals(v) || "true".equalsIgnoreCase(v);
    }

    private static void fail(RoutingContext rc, Throwable t) {
        Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        int status = cause instanceof DockerError d ? d.status() : 500;
        if (!(cause instanceof DockerError)) {
            LOG.errorf(cause, "unexpected failure on %s", rc.request().path());
        }
        String json;
        try {
            json = MessageSerde.standard().json().writeValueAsString(Map.of("message", String.valueOf(cause.getMessage())));
        } catch (Exception e) {
            json = "{\"message\":\"internal error\"}";
        }
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json + "\n");
    }

    private static void close(AutoCloseable handle) {
        if (handle == null) {
            return;
        }
        try {
            handle.close();
        } catch (Exception e) {
            LOG.debugf("closing a listener failed: %s", e);
        }
    }

    /**
     * The output of one attach. Output can arrive before the connection is taken over; it is kept and written
     * when the connection opens. Ends the connection after the run's last output.
     */
    static final class AttachSession implements ContainerOutputTail.Sink {
        private final boolean stdout;
        private final boolean stderr;
        volatile boolean tty;
        volatile AutoCloseable following;
        private java.util.List<Buffer> pending = new java.util.ArrayList<>();
        private boolean ended;
        private java.util.function.Consumer<Buffer> write;
        private Runnable end;

        AttachSession(boolean stdout, boolean stderr) {
            this.stdout = stdout;
            this.stderr = stderr;
        }

        synchronized void open(java.util.function.Consumer<Buffer> write, Runnable end) {
            this.write = write;
            this.end = end;
            pending.forEach(write);
            pending = null;
            if (ended) {
                finish();
            }
        }

        @Override
        public synchronized void output(LogBatch batch) {
            for (LogEntry entry : batch.entries()) {
                boolean isErr = "stderr".equals(entry.stream());
                if (isErr ? !stderr : !stdout) {
                    continue;
                }
                Buffer b = Buffer.buffer(tty ? entry.data() : Stdcopy.frame(Stdcopy.streamOf(entry.stream()), entry.data()));
                if (write == null) {
                    pending.add(b);
                } else {
                    write.accept(b);
                }
            }
        }

        @Override
        public synchronized void ended(RunEnded runEnded) {
            ended = true;
            if (end != null) {
                finish();
            }
        }

        private void finish() {
            end.run();
            close();
        }

        void close() {
            AutoCloseable f = following;
            if (f != null) {
                ContainerStreamRoutes.close(f);
            }
        }
    }
}
