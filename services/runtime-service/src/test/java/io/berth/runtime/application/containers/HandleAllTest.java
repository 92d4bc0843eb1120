package io.berth.runtime.application.containers;

import static io.berth.runtime.application.containers.ContainerAggregates.CONFIG;
import static io.berth.runtime.application.containers.ContainerAggregates.local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.contracts.container.ContainerCommand;
import io.berth.contracts.container.ContainerCommand.CreateContainer;
import io.berth.contracts.container.ContainerCommand.RecordExit;
import io.berth.contracts.container.ContainerCommand.RecordRemoval;
import io.berth.contracts.container.ContainerCommand.RecordStart;
import io.berth.contracts.container.ContainerCommand.RemoveContainer;
import io.berth.contracts.container.ContainerEvent;
import io.berth.contracts.container.ContainerEvent.ContainerCreated;
import io.berth.contracts.container.ContainerEvent.ContainerExited;
import io.berth.contracts.container.ContainerEvent.ContainerRemovalStarted;
import io.berth.contracts.container.ContainerEvent.ContainerRemoved;
import io.berth.contracts.container.ContainerEvent.ContainerStarted;
import io.berth.contracts.container.HostSettings;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Message;
import io.berth.contracts.outcome.CommandOutcome.CommandAccepted;
import io.berth.contracts.outcome.CommandOutcome.CommandRejected;
import io.berth.contracts.types.ContainerId;
import io.berth.eventsourcing.command.AggregateRepository;
import io.berth.eventsourcing.command.AggregateRepository.Handled;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.log.TransactionalAppender;
import io.berth.runtime.domain.ContainerState;
import io.berth.runtime.domain.ContainerStatus;
import io.berth.testing.infra.BerthInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * {@code AggregateRepository.handleAll} on the real broker, with the container aggregate that uses it for
 * {@code docker run --rm}: several commands, one transaction — all recorded in order, or nothing and the state as before.
 */
@QuarkusTest
@QuarkusTestResource(value = BerthInfraResource.class, initArgs = @ResourceArg(name = "database", value = "berth_runtime"))
class HandleAllTest {
    private static final HostSettings RM = ContainerAggregates.settings(true);

    @Inject
    KafkaSettings kafka;

    @Test
    void anExitAndTheRemovalThatFollowsAreRecordedTogetherInOrder() {
        String txId = "handle-all-test-" + UUID.randomUUID();
        try (TransactionalAppender appender = new TransactionalAppender(kafka, txId, ContainerAggregates.SERDE);
             var repository = repository(appender)) {
            String id = runningContainer(repository);
            List<Handled<ContainerEvent>> handled = repository.handleAll(exitAndRemoval(id)).join();

            handled.forEach(h -> assertInstanceOf(CommandAccepted.class, h.outcome()));
            assertEquals(ContainerStatus.REMOVED, repository.state(id).join().status());
            assertEquals(List.of(ContainerCreated.class, ContainerStarted.class, ContainerExited.class,
                    ContainerRemovalStarted.class, ContainerRemoved.class), types(read(id)));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), read(id).stream().map(Envelope::sequence).toList());
        }
    }

    @Test
    void aRefusedStepIsAnsweredWhileTheNextStepsDecideOnTheStateTheAcceptedOnesLeft() {
        String txId = "handle-all-test-" + UUID.randomUUID();
        try (TransactionalAppender appender = new TransactionalAppender(kafka, txId, ContainerAggregates.SERDE);
             var repository = repository(appender)) {
            String id = createdContainer(repository);

            List<Handled<ContainerEvent>> handled = repository.handleAll(List.of(local(new RecordRemoval(id)),
                    local(new RemoveContainer(id, false)), local(new RecordRemoval(id)))).join();

            assertEquals("container.not-removing", assertInstanceOf(CommandRejected.class, handled.get(0).outcome()).code());
            assertInstanceOf(CommandAccepted.class, handled.get(1).outcome());
            assertInstanceOf(CommandAccepted.class, handled.get(2).outcome());
            assertEquals(List.of(ContainerCreated.class, ContainerRemovalStarted.class, ContainerRemoved.class), types(read(id)));
        }
    }

    @Test
    void whenTheTransactionFailsNothingIsRecordedAndTheStateIsAsBefore() {
        String txId = "handle-all-test-" + UUID.randomUUID();
        try (TransactionalAppender appender = new TransactionalAppender(kafka, txId, ContainerAggregates.SERDE);
             var repository = repository(appender)) {
            String id = runningContainer(repository);
            // A second writer with the same transactional id fences the first: its next commit fails.
            try (TransactionalAppender newer = new TransactionalAppender(kafka, txId, ContainerAggregates.SERDE)) {
                CompletionException failed = assertThrows(CompletionException.class, () -> repository.handleAll(exitAndRemoval(id)).join());
                assertInstanceOf(RuntimeException.class, failed.getCause());
            }
            assertEquals(ContainerStatus.RUNNING, repository.state(id).join().status(), "the cached state is the one before");
            assertEquals(List.of(ContainerCreated.class, ContainerStarted.class), types(read(id)));
        }
    }

    private AggregateRepository<ContainerCommand, ContainerEvent, ContainerState> repository(TransactionalAppender appender) {
        return ContainerAggregates.repository(kafka, appender);
    }

    private static String createdContainer(AggregateRepository<ContainerCommand, ContainerEvent, ContainerState> repository) {
        String id = ContainerId.random().value();
        repository.assumeNew(id);
        repository.handle(local(new CreateContainer(id, "test-host", "rm-" + id.substring(0, 8), CONFIG, RM)), null).join();
        return id;
    }

    private static String runningContainer(AggregateRepository<ContainerCommand, ContainerEvent, ContainerState> repository) {
        String id = createdContainer(repository);
        Handled<ContainerEvent> started = repository.handle(local(new RecordStart(id, 42, Instant.now(), List.of(), false)), null).join();
        assertInstanceOf(CommandAccepted.class, started.outcome());
        return id;
    }

    /** What the host records in one go when a {@code --rm} container exits. */
    private static List<Envelope<ContainerCommand>> exitAndRemoval(String id) {
        return List.of(local(new RecordExit(id, 0, false, Instant.now())), local(new RemoveContainer(id, true)), local(new RecordRemoval(id)));
    }

    private List<Envelope<Message>> read(String id) {
        return ContainerAggregates.events(kafka, id);
    }

    private static List<Class<?>> types(List<Envelope<Message>> events) {
        return events.stream().<Class<?>>map(e -> e.payload().getClass()).toList();
    }
}
