package io.berth.runtime.application.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.berth.contracts.container.ContainerCommand;
import io.berth.contracts.container.ContainerCommand.CreateContainer;
import io.berth.contracts.container.ContainerConfig;
import io.berth.contracts.container.ContainerEvent;
import io.berth.contracts.container.ContainerEvent.ContainerCreated;
import io.berth.contracts.container.HostSettings;
import io.berth.contracts.container.RestartPolicy;
import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.outcome.CommandOutcome.CommandAccepted;
import io.berth.contracts.topics.Topics;
import io.berth.contracts.types.ContainerId;
import io.berth.eventsourcing.Envelopes;
import io.berth.eventsourcing.command.AggregateRepository;
import io.berth.eventsourcing.log.AggregateStreamReader;
import io.berth.eventsourcing.log.ConsumedOffsets;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.log.TransactionalAppender;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.runtime.domain.ContainerDecider;
import io.berth.runtime.domain.ContainerState;
import io.berth.testing.infra.BerthInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A command's offsets sent ahead of its outcome (what the host does while it launches a container), on the real
 * broker: they commit with the command's own records, and never with anything else the writer appends meanwhile.
 */
@QuarkusTest
@QuarkusTestResource(value = BerthInfraResource.class, initArgs = @ResourceArg(name = "database", value = "berth_runtime"))
class OffsetsAheadTest {
    private static final MessageSerde SERDE = MessageSerde.standard();
    private static final ContainerConfig CONFIG = new ContainerConfig("busybox", null, List.of(), List.of(),
            List.of("true"), List.of(), "", "", "4f3c2a1b0e9d", null, null, null, null, false, false);
    private static final HostSettings SETTINGS = new HostSettings(List.of(), List.of(), "default", RestartPolicy.NO, false,
            0, 0, 0, 0, 0, false);
    private static final TopicPartition INPUT = new TopicPartition(Topics.COMMAND_OUTCOMES, 0);

    @Inject
    KafkaSettings kafka;

    @Test
    void offsetsSentAheadCommitWithTheCommandsRecords() throws Exception {
        String group = "offsets-ahead-" + UUID.randomUUID();
        try (TransactionalAppender appender = new TransactionalAppender(kafka, "offsets-ahead-" + UUID.randomUUID(), SERDE);
             var repository = repository(appender)) {
            ConsumedOffsets input = input(group, 7);
            repository.sendOffsetsAhead(input);
            String id = create(repository, input);

            assertEquals(Map.of(INPUT, 7L), committed(group));
            assertEquals(List.of(ContainerCreated.class), types(id));
        }
    }

    @Test
    void anotherAppendMeanwhileCommitsNoneOfTheOffsetsSentAhead() throws Exception {
        String group = "offsets-ahead-" + UUID.randomUUID();
        try (TransactionalAppender appender = new TransactionalAppender(kafka, "offsets-ahead-" + UUID.randomUUID(), SERDE);
             var repository = repository(appender)) {
            ConsumedOffsets input = input(group, 11);
            repository.sendOffsetsAhead(input);
            String other = create(repository, null); // e.g. the host recording another container's exit

            assertEquals(Map.of(), committed(group), "the offsets went with records of another command");
            assertEquals(List.of(ContainerCreated.class), types(other));

            String id = create(repository, input); // the command's own records still carry its offsets
            assertEquals(Map.of(INPUT, 11L), committed(group));
            assertEquals(List.of(ContainerCreated.class), types(id));
        }
    }

    private AggregateRepository<ContainerCommand, ContainerEvent, ContainerState> repository(TransactionalAppender appender) {
        return new AggregateRepository<>(new ContainerDecider(Clock.systemUTC()), ContainerEvent.class, appender,
                new AggregateStreamReader(kafka, SERDE));
    }

    private static ConsumedOffsets input(String group, long next) {
        return new ConsumedOffsets(Map.of(INPUT, new OffsetAndMetadata(next)), new ConsumerGroupMetadata(group));
    }

    private static String create(AggregateRepository<ContainerCommand, ContainerEvent, ContainerState> repository, ConsumedOffsets input) {
        String id = ContainerId.random().value();
        repository.assumeNew(id);
        CreateContainer create = new CreateContainer(id, "test-host", "ahead-" + id.substring(0, 8), CONFIG, SETTINGS);
        Envelope<ContainerCommand> command = Envelopes.command(AggregateType.CONTAINER, id, "test", "test-host", create);
        assertInstanceOf(CommandAccepted.class, repository.handle(command, input).join().outcome());
        return id;
    }

    private Map<TopicPartition, Long> committed(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> out = new java.util.HashMap<>();
            offsets.forEach((tp, o) -> {
                if (o != null) {
                    out.put(tp, o.offset());
                }
            });
            return out;
        }
    }

    private List<Class<?>> types(String id) {
        return new AggregateStreamReader(kafka, SERDE).read(Topics.eventsOf(AggregateType.CONTAINER), id).stream()
                .<Class<?>>map(e -> e.payload().getClass()).toList();
    }
}
