package io.berth.gateway.projection;

import io.berth.contracts.envelope.AggregateType;
import io.berth.eventsourcing.projection.Projections;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Read-your-writes for the containers view without making answers wait for it. The gateway answers a container
 * command as soon as the host's outcome arrives, and tells listeners about an event as soon as the view has read it,
 * before the view's database transaction commits (~5–10 ms later). Each such answer is {@link #expect expected}
 * here, and every read of the view first waits until the view has committed all of them: whoever got an answer
 * (and whatever the answer led them to do next) reads a view that shows it.
 */
@ApplicationScoped
public class ContainersViewBarrier {
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    private final Projections projections;
    private final Map<String, Expected> expected = new ConcurrentHashMap<>();

    public ContainersViewBarrier(Projections projections) {
        this.projections = projections;
    }

    private record Expected(long sequence, CompletableFuture<Void> committed) {
    }

    /** Reads of the view from now on wait until it has committed the container's events up to {@code sequence}. */
    public void expect(String containerId, long sequence) {
        CompletableFuture<Void> committed = projections.get(ContainersProjection.NAME)
                .reached(AggregateType.CONTAINER.wire(), containerId, sequence);
        if (committed.isDone()) {
            return;
        }
        Expected e = new Expected(sequence, committed);
        Expected kept = expected.merge(containerId, e, (old, now) -> now.sequence() >= old.sequence() ? now : old);
        if (kept == e) {
            committed.whenComplete((v, error) -> expected.remove(containerId, e));
        }
    }

    /** Completes once every expected event is committed; fails with {@link ViewBehindException} at the deadline. */
    public Uni<Void> settled() {
        if (expected.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        CompletableFuture<?>[] waits = expected.values().stream().map(Expected::committed).toArray(CompletableFuture[]::new);
        return Uni.createFrom().completionStage(CompletableFuture.allOf(waits).orTimeout(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                .onFailure(TimeoutException.class).transform(e -> new ViewBehindException(
                        "the gateway's containers view did not show changes already answered within " + DEADLINE.toSeconds() + " s"));
    }

    /** The view has not caught up with answers the gateway gave (its database is down or slow). */
    public static class ViewBehindException extends RuntimeException {
        public ViewBehindException(String message) {
            super(message, null, false, false);
        }
    }
}
