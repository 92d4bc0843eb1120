package io.berth.gateway.api.berth;

import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.host.HostCommand;
import io.berth.contracts.outcome.CommandOutcome;
import io.berth.contracts.topics.Topics;
import io.berth.contracts.types.HostId;
import io.berth.eventsourcing.Envelopes;
import io.berth.eventsourcing.reply.CommandBus;
import io.berth.gateway.api.docker.DockerError;
import io.berth.gateway.projection.HostsQuery;
import io.berth.gateway.projection.HostsQuery.Host;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Berth's hosts: the view folded from host events, and cordon/uncordon sent to the host's runtime-service. */
@Path("/api/v1/hosts")
@Produces(MediaType.APPLICATION_JSON)
public class HostsResource {
    private static final Duration REPLY_DEADLINE = Duration.ofSeconds(10);

    private final HostsQuery hosts;
    private final CommandBus bus;

    public HostsResource(HostsQuery hosts, CommandBus bus) {
        this.hosts = hosts;
        this.bus = bus;
    }

    @GET
    public Uni<List<Host>> list() {
        return hosts.all();
    }

    @GET
    @Path("{id}")
    public Uni<Host> one(@PathParam("id") String id) {
        return hosts.one(id).map(h -> {
            if (h == null) {
                throw new DockerError(404, "no such host: " + id);
            }
            return h;
        });
    }

    @POST
    @Path("{id}/cordon")
    public Uni<Map<String, Object>> cordon(@PathParam("id") String id, @QueryParam("reason") String reason) {
        return send(new HostCommand.CordonHost(new HostId(id).value(), reason == null ? "" : reason));
    }

    @POST
    @Path("{id}/uncordon")
    public Uni<Map<String, Object>> uncordon(@PathParam("id") String id) {
        return send(new HostCommand.UncordonHost(new HostId(id).value()));
    }

    private Uni<Map<String, Object>> send(HostCommand command) {
        var envelope = Envelopes.command(AggregateType.HOST, command.hostId(), "api", command.hostId(), command);
        return bus.send(Topics.runtimeCommands(new HostId(command.hostId())), envelope, REPLY_DEADLINE).map(outcome -> {
            if (outcome instanceof CommandOutcome.CommandRejected r) {
                throw new DockerError(r.code().equals("host.unknown") ? 404 : 409, r.reason());
            }
            CommandOutcome.CommandAccepted a = (CommandOutcome.CommandAccepted) outcome;
            return Map.of("commandId", a.commandId(), "events", a.eventIds(), "sequence", a.lastSequence());
        });
    }
}
