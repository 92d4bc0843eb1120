package io.berth.runtime.application.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.berth.contracts.container.ContainerCommand;
import io.berth.contracts.container.ContainerCommand.CreateContainer;
import io.berth.contracts.container.ContainerEvent;
import io.berth.contracts.container.ContainerEvent.ContainerCreated;
import io.berth.contracts.container.HostSettings;
import io.berth.contracts.outcome.CommandOutcome.CommandAccepted;
import io.berth.contracts.topics.Topics;
import io.berth.contracts.types.ContainerId;
import io.berth.eventsourcing.command.AggregateRepository;
import io.berth.eventsourcing.log.ConsumedOffsets;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.log.TransactionalAppender;
import io.berth.runtime.domain.ContainerState;
import io.berth.testing.infra.BerthInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.HashMap;
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
    private static final HostSettings SETTINGS = ContainerAggregates.settings(false);
    private static final TopicPartition INPUT = new TopicPartition(Topics.COMMAND_OUTCOMES, 0);

    @Inject
    KafkaSettings kafka;

    @Test
    void offsetsSentAheadCommitWithTheCommandsRecords() throws Exception {
        String group = "offsets-ahead-" + UUID.randomUUID();
        onFreshWriter(repository -> {
            ConsumedOffsets input = input(group, 7);
            repository.sendOffsetsAhead(input);
            String id = create(repository, input);

            assertEquals(Map.of(INPUT, 7L), committed(group));
            assertEquals(List.of(ContainerCreated.class), ContainerAggregates.eventTypes(kafka, id));
        });
    }

    @Test
    void anotherAppendMeanwhileCommitsNoneOfTheOffsetsSentAhead() throws Exception {
        String group = "offsets-ahead-" + UUID.randomUUID();
        onFreshWriter(repository -> {
            ConsumedOffsets input = input(group, 11);
            repository.sendOffsetsAhead(input);
            String other = create(repository, null); // e.g. the host recording another container's exit

            assertEquals(Map.of(), committed(group), "the offsets went with records of another command");
            assertEquals(List.of(ContainerCreated.class), ContainerAggregates.eventTypes(kafka, other));

            String id = create(repository, input); // the command's own records still carry its offsets
            assertEquals(Map.of(INPUT, 11L), committed(group));
            assertEquals(List.of(ContainerCreated.class), ContainerAggregates.eventTypes(kafka, id));
        });
    }

    private interface WithRepository {
        void run(AggregateRepository<ContainerCommand, ContainerEvent, ContainerState> repository) throws Exception;
    }

    /** A writer of its own (fresh transactional id) for each test. */
    private void onFreshWriter(WithRepository test) throws Exception {
        try (TransactionalAppender appender = new TransactionalAppender(kafka, "offsets-ahead-" + UUID.randomUUID(), ContainerAggregates.SERDE);
             var repository = ContainerAggregates.repository(kafka, appender)) {
            test.run(repository);
        }
    }

    private static ConsumedOffsets input(String group, long next) {
        return new ConsumedOffsets(Map.of(INPUT, new OffsetAndMetadata(next)), new ConsumerGroupMetadata(group));
    }

    private static String create(AggregateRepository<ContainerCommand, ContainerEvent, ContainerState> repository, ConsumedOffsets input) {
        String id = ContainerId.random().value();
        repository.assumeNew(id);
        CreateContainer create = new CreateContainer(id, "test-host", "ahead-" + id.substring(0, 8), ContainerAggregates.CONFIG, SETTINGS);
        assertInstanceOf(CommandAccepted.class, repository.handle(ContainerAggregates.local(create), input).join().outcome());
        return id;
    }

    private Map<TopicPartition, Long> committed(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> out = new HashMap<>();
            offsets.forEach((tp, o) -> {
                if (o != null) {
                    out.put(tp, o.offset());
                }
            });
            return out;
        }
    }

}
