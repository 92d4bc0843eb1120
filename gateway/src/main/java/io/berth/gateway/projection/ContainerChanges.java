package io.berth.gateway.projection;

import io.berth.contracts.container.ContainerEvent;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Message;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Tells in-process listeners ({@code docker wait}, start, stop, rm …) about a container's new events as soon as the
 * containers view reads them, so they react within milliseconds without polling. The view commits the event a few
 * milliseconds later; a listener that reads the view then still sees the event's effect, because each delivered
 * event is expected by the {@link ContainersViewBarrier} first. An event may be delivered twice (the view retries a
 * batch whose transaction failed). Callbacks run on the view's database thread: keep them short, never block.
 */
@ApplicationScoped
public class ContainerChanges {
    private static final Logger LOG = Logger.getLogger(ContainerChanges.class);

    private final Map<String, List<Consumer<ContainerEvent>>> listeners = new ConcurrentHashMap<>();
    private final ContainersViewBarrier barrier;

    public ContainerChanges(ContainersViewBarrier barrier) {
        this.barrier = barrier;
    }

    /** A registration; closing it stops the calls and cannot fail. */
    public interface Listening extends AutoCloseable {
        @Override
        void close();
    }

    /** Calls {@code listener} with each event of the container committed from now on, until the handle is closed. */
    public Listening listen(String containerId, Consumer<ContainerEvent> listener) {
        listeners.computeIfAbsent(containerId, k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(containerId, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /** Called by the projection inside its transaction, before it commits. */
    void applied(Envelope<Message> event) {
        if (!(event.payload() instanceof ContainerEvent e) || !listeners.containsKey(e.containerId())) {
            return;
        }
        barrier.expect(event.aggregateId(), event.sequence());
        deliver(e);
    }

    private void deliver(ContainerEvent e) {
        for (Consumer<ContainerEvent> l : listeners.getOrDefault(e.containerId(), List.of())) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                LOG.warnf(ex, "a listener of container %s failed", e.containerId());
            }
        }
    }
}
