package io.berth.image.application;

import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.image.ImageCommand;
import io.berth.contracts.image.ImageEvent;
import io.berth.contracts.outcome.CommandOutcome;
import io.berth.contracts.topics.Topics;
import io.berth.eventsourcing.Envelopes;
import io.berth.eventsourcing.command.AggregateRepository;
import io.berth.eventsourcing.command.CommandConsumer;
import io.berth.eventsourcing.log.AggregateStreamReader;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.log.TransactionalAppender;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.image.domain.ImageStoreDecider;
import io.berth.image.domain.ImageStoreState;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * image-service's side of the local image store: handles image commands from {@code berth.image.commands}
 * (tag, rmi from the gateway) and from image-service itself (store, after an import, load, pull or commit has put
 * every blob in the content store). Single instance: its transactional id fences a second one.
 */
@ApplicationScoped
public class ImageStore {
    private final KafkaSettings kafka;
    private TransactionalAppender appender;
    private AggregateRepository<ImageCommand, ImageEvent, ImageStoreState> store;
    private CommandConsumer commands;

    public ImageStore(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    void start(@Observes StartupEvent ev) {
        MessageSerde serde = MessageSerde.standard();
        appender = new TransactionalAppender(kafka, "berth-image-service", serde);
        store = new AggregateRepository<>(new ImageStoreDecider(), ImageEvent.class, appender, new AggregateStreamReader(kafka, serde));
        commands = new CommandConsumer(kafka, Topics.IMAGE_COMMANDS, "berth-image-service", serde, Map.of(AggregateType.IMAGE, store)).start();
    }

    void stop(@Observes ShutdownEvent ev) {
        if (commands != null) {
            commands.close();
        }
        if (store != null) {
            store.close();
        }
        if (appender != null) {
            appender.close();
        }
    }

    /** Handles a command issued inside image-service; completes with its outcome. */
    public CompletableFuture<CommandOutcome> submit(ImageCommand command, String actor) {
        Envelope<ImageCommand> e = Envelopes.command(AggregateType.IMAGE, ImageCommand.STORE, actor, null, command);
        return store.handle(e, null).thenApply(AggregateRepository.Handled::outcome);
    }

    /** The store as its owner knows it, e.g. to answer "is this blob still used by an image". */
    public CompletableFuture<ImageStoreState> state() {
        return store.state(ImageCommand.STORE);
    }
}
