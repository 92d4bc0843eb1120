package io.berth.eventsourcing.projection;

import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Message;
import io.smallrye.mutiny.Uni;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A read model folded from events. Implementations are CDI beans; {@link ProjectionRunner} feeds them.
 *
 * <p>{@code apply} runs inside the runner's transaction, which also records the event's sequence and the topic
 * offset, so a projection sees each event of an aggregate once, in order, and never an older one after a newer one.
 * It must only write its own tables through the given session. {@code reset} empties those tables before a rebuild.
 */
public interface Projection {
    /** Stable name; it keys the checkpoints, so renaming it rebuilds the projection. */
    String name();

    List<String> topics();

    Uni<Void> apply(Mutiny.Session session, Envelope<Message> event);

    Uni<Void> reset(Mutiny.Session session);
}
