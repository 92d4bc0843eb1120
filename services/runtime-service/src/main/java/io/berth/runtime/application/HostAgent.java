package io.berth.runtime.application;

import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.host.HostCommand;
import io.berth.contracts.host.HostCommand.JoinHost;
import io.berth.contracts.host.HostCommand.LeaveHost;
import io.berth.contracts.host.HostCommand.RecordHeartbeat;
import io.berth.contracts.host.HostEvent;
import io.berth.contracts.outcome.CommandOutcome;
import io.berth.contracts.topics.Topics;
import io.berth.eventsourcing.Envelopes;
import io.berth.eventsourcing.command.AggregateRepository;
import io.berth.eventsourcing.command.CommandConsumer;
import io.berth.eventsourcing.log.AggregateStreamReader;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.log.TopicAdmin;
import io.berth.eventsourcing.log.TransactionalAppender;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.runtime.adapters.linux.HostFactsProbe;
import io.berth.runtime.application.containers.Containers;
import io.berth.runtime.domain.HostDecider;
import io.berth.runtime.domain.HostState;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The runtime-service's side of the host aggregate: joins at start, heartbeats while alive, leaves on a clean
 * shutdown, and handles host and container commands sent to {@code berth.runtime.<host>.commands}. It is the only writer of
 * this host's events (its transactional id fences an older instance of itself).
 *
 * <p>The join announces where this service listens ({@code berth.host.api-url}, else {@code quarkus.http.host} and
 * {@code quarkus.http.port}): the gateway reads container diffs from there. Only the configured port is known when
 * the join is sent (the HTTP server opens after start-up observers), so a random port (0) needs the explicit URL.
 */
@ApplicationScoped
public class HostAgent {
    private static final Logger LOG = Logger.getLogger(HostAgent.class);
    private static final String ACTOR = "runtime-service";
    private static final Duration LEAVE_DEADLINE = Duration.ofSeconds(5);

    private final HostIdentity identity;
    private final KafkaSettings kafka;
    private final Containers containers;
    private final Duration heartbeatInterval;
    private final String apiUrl;
    private TransactionalAppender appender;
    private AggregateRepository<HostCommand, HostEvent, HostState> hosts;
    private CommandConsumer commands;
    private volatile boolean joined;

    public HostAgent(HostIdentity identity, KafkaSettings kafka, Containers containers,
                     @ConfigProperty(name = "berth.host.heartbeat-interval", defaultValue = "3s") Duration heartbeatInterval,
                     @ConfigProperty(name = "berth.host.api-url") Optional<String> apiUrl,
                     @ConfigProperty(name = "quarkus.http.host", defaultValue = "127.0.0.1") String httpHost,
                     @ConfigProperty(name = "quarkus.http.port", defaultValue = "28081") int httpPort) {
        this.apiUrl = apiUrl.orElse("http://" + httpHost + ":" + httpPort);
        this.identity = identity;
        this.kafka = kafka;
        this.containers = containers;
        this.heartbeatInterval = heartbeatInterval;
    }

    void start(@Observes StartupEvent ev) {
        String host = identity.id().value();
        String commandTopic = Topics.runtimeCommands(identity.id());
        TopicAdmin.ensureTopics(kafka, Map.of(commandTopic, 3));
        MessageSerde serde = MessageSerde.standard();
        appender = new TransactionalAppender(kafka, "berth-runtime-" + host, serde);
        hosts = new AggregateRepository<>(new HostDecider(), HostEvent.class, appender, new AggregateStreamReader(kafka, serde));
        submit(new JoinHost(host, new HostFactsProbe(Path.of("/")).probe().withApiUrl(apiUrl), heartbeatInterval.toMillis()));
        joined = true;
        var containerAgent = containers.start(host, appender, serde);
        commands = new CommandConsumer(kafka, commandTopic, "berth-runtime-" + host, serde,
                Map.of(AggregateType.HOST, hosts, AggregateType.CONTAINER, containerAgent)).start();
        LOG.infof("host %s joined; handling commands from %s", host, commandTopic);
    }

    @Scheduled(every = "${berth.host.heartbeat-interval:3s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void heartbeat() {
        if (joined) {
            submit(new RecordHeartbeat(identity.id().value()));
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        if (commands != null) {
            commands.close();
        }
        containers.stop();
        if (joined) {
            joined = false;
            try {
                // Bounded: when the broker is already gone (the launcher died), leaving must not hold up the exit.
                Envelope<HostCommand> leave = envelope(new LeaveHost(identity.id().value(), "runtime-service shut down"));
                hosts.handle(leave, null).get(LEAVE_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                LOG.warnf("could not record that host %s left: %s", identity.id(), e.getMessage());
            }
        }
        if (hosts != null) {
            hosts.close();
        }
        if (appender != null) {
            appender.close();
        }
    }

    private static Envelope<HostCommand> envelope(HostCommand command) {
        return Envelopes.command(AggregateType.HOST, command.hostId(), ACTOR, command.hostId(), command);
    }

    private CommandOutcome submit(HostCommand command) {
        Envelope<HostCommand> e = envelope(command);
        CommandOutcome outcome = hosts.handle(e, null).join().outcome();
        if (outcome instanceof CommandOutcome.CommandRejected r) {
            LOG.warnf("%s was rejected: %s", e.type(), r.reason());
        }
        return outcome;
    }
}
