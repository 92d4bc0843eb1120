package io.berth.gateway.application;

import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.image.ImageCommand;
import io.berth.eventsourcing.projection.Projections;
import io.berth.gateway.api.docker.DockerError;
import io.berth.gateway.projection.ImagesProjection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Read-your-writes for images made through image-service's HTTP API (import, load, pull, push, commit): waits until
 * the images view has applied the image store's sequence image-service answered with. Blocking.
 */
@ApplicationScoped
public class ImagesViewWait {
    private static final Duration VIEW_DEADLINE = Duration.ofSeconds(15);

    private final Projections projections;
    private final ImagesProjection imagesProjection;

    public ImagesViewWait(Projections projections, ImagesProjection imagesProjection) {
        this.projections = projections;
        this.imagesProjection = imagesProjection;
    }

    public void await(long sequence) {
        try {
            projections.get(imagesProjection.name()).reached(AggregateType.IMAGE.wire(), ImageCommand.STORE, sequence)
                    .get(VIEW_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new DockerError(504, "the images view did not show the change within " + VIEW_DEADLINE.toSeconds() + " s");
        }
    }
}
