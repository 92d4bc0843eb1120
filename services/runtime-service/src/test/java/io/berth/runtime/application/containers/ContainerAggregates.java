package io.berth.runtime.application.containers;

import io.berth.contracts.container.ContainerCommand;
import io.berth.contracts.container.ContainerConfig;
import io.berth.contracts.container.ContainerEvent;
import io.berth.contracts.container.HostSettings;
import io.berth.contracts.container.RestartPolicy;
import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Message;
import io.berth.contracts.topics.Topics;
import io.berth.eventsourcing.Envelopes;
import io.berth.eventsourcing.command.AggregateRepository;
import io.berth.eventsourcing.log.AggregateStreamReader;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.log.TransactionalAppender;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.runtime.domain.ContainerDecider;
import io.berth.runtime.domain.ContainerState;
import java.time.Clock;
import java.util.List;

/** The container aggregate on the real broker, for tests of how its commands are appended. */
final class ContainerAggregates {
    static final MessageSerde SERDE = MessageSerde.standard();
    static final ContainerConfig CONFIG = new ContainerConfig("busybox", null, List.of(), List.of(),
            List.of("true"), List.of(), "", "", "4f3c2a1b0e9d", null, null, null, null, false, false);

    private ContainerAggregates() {
    }

    static HostSettings settings(boolean autoRemove) {
        return new HostSettings(List.of(), List.of(), "default", RestartPolicy.NO, autoRemove, 0, 0, 0, 0, 0, false);
    }

    static AggregateRepository<ContainerCommand, ContainerEvent, ContainerState> repository(KafkaSettings kafka, TransactionalAppender appender) {
        return new AggregateRepository<>(new ContainerDecider(Clock.systemUTC()), ContainerEvent.class, appender,
                new AggregateStreamReader(kafka, SERDE));
    }

    /** A command the host gives itself (no command topic). */
    static Envelope<ContainerCommand> local(ContainerCommand payload) {
        return Envelopes.command(AggregateType.CONTAINER, payload.containerId(), "test", "test-host", payload);
    }

    /** The container's events as the log holds them, by type. */
    static List<Class<?>> eventTypes(KafkaSettings kafka, String id) {
        return events(kafka, id).stream().<Class<?>>map(e -> e.payload().getClass()).toList();
    }

    static List<Envelope<Message>> events(KafkaSettings kafka, String id) {
        return new AggregateStreamReader(kafka, SERDE).read(Topics.eventsOf(AggregateType.CONTAINER), id);
    }
}
