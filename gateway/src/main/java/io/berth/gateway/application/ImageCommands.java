package io.berth.gateway.application;

import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.image.ImageCommand;
import io.berth.contracts.outcome.CommandOutcome;
import io.berth.contracts.topics.Topics;
import io.berth.eventsourcing.Envelopes;
import io.berth.eventsourcing.projection.Projections;
import io.berth.eventsourcing.reply.CommandBus;
import io.berth.gateway.api.docker.DockerError;
import io.berth.gateway.projection.ImagesProjection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Sends image commands to image-service and returns once the gateway's own images view shows their effect, so a
 * {@code docker tag} followed at once by {@code docker images} sees the tag. Rejections become Docker errors.
 */
@ApplicationScoped
public class ImageCommands {
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    private final CommandBus bus;
    private final Projections projections;
    private final ImagesProjection images;

    public ImageCommands(CommandBus bus, Projections projections, ImagesProjection images) {
        this.bus = bus;
        this.projections = projections;
        this.images = images;
    }

    public Uni<CommandOutcome.CommandAccepted> send(ImageCommand command) {
        var envelope = Envelopes.command(AggregateType.IMAGE, ImageCommand.STORE, "docker-api", null, command);
        return bus.send(Topics.IMAGE_COMMANDS, envelope, DEADLINE).chain(outcome -> {
            if (outcome instanceof CommandOutcome.CommandRejected r) {
                int status = switch (r.code()) {
                    case "image.unknown" -> 404;
                    case "image.conflict" -> 409;
                    default -> 400;
                };
                return Uni.createFrom().failure(new DockerError(status, r.reason()));
            }
            CommandOutcome.CommandAccepted accepted = (CommandOutcome.CommandAccepted) outcome;
            return Uni.createFrom().completionStage(projections.get(images.name())
                            .reached(AggregateType.IMAGE.wire(), ImageCommand.STORE, accepted.lastSequence()))
                    .ifNoItem().after(DEADLINE).failWith(() -> new DockerError(504, "image-service accepted " + accepted.commandType()
                            + " but the gateway's images view did not show it within " + DEADLINE.toSeconds() + " s"))
                    .replaceWith(accepted);
        });
    }
}
