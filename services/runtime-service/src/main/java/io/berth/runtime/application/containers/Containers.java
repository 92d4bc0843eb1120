package io.berth.runtime.application.containers;

import io.berth.contracts.container.ContainerCommand;
import io.berth.contracts.container.ContainerEvent;
import io.berth.eventsourcing.command.AggregateRepository;
import io.berth.eventsourcing.log.AggregateStreamReader;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.log.TransactionalAppender;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.runtime.adapters.cgroups.Cgroups;
import io.berth.runtime.adapters.network.PortPublisher;
import io.berth.runtime.adapters.shim.ExitWatcher;
import io.berth.runtime.adapters.shim.Shim;
import io.berth.runtime.adapters.shim.ShimBinary;
import io.berth.runtime.adapters.snapshot.ImageServiceBlobs;
import io.berth.runtime.adapters.snapshot.LayerStore;
import io.berth.runtime.adapters.snapshot.Snapshotter;
import io.berth.runtime.domain.ContainerDecider;
import io.berth.runtime.domain.ContainerState;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Puts the container side of a host together from configuration: where its state lives ({@code berth.data-root}),
 * where layers come from ({@code berth.image-service.url}), and whether containers outlive a clean shutdown
 * ({@code berth.runtime.live-restore}, like Docker's option; they always outlive a crash).
 */
@ApplicationScoped
public class Containers {
    private static final Logger LOG = Logger.getLogger(Containers.class);

    private final Path dataRoot;
    private final URI imageService;
    private final boolean liveRestore;
    private final KafkaSettings kafka;
    private ContainerAgent agent;
    private LogShipper logs;
    private ExitWatcher exits;
    private PortPublisher ports;
    private volatile ContainerFiles files;

    public Containers(@ConfigProperty(name = "berth.data-root") Path dataRoot,
                      @ConfigProperty(name = "berth.image-service.url", defaultValue = "http://127.0.0.1:28082") URI imageService,
                      @ConfigProperty(name = "berth.runtime.live-restore", defaultValue = "false") boolean liveRestore,
                      KafkaSettings kafka) {
        this.dataRoot = dataRoot.toAbsolutePath();
        this.imageService = imageService;
        this.liveRestore = liveRestore;
        this.kafka = kafka;
    }

    /** Builds the agent (sharing the host's transactional appender, so one writer fences a stale twin) and re-attaches. */
    public ContainerAgent start(String hostId, TransactionalAppender appender, MessageSerde serde) {
        try {
            Shim shim = new Shim(ShimBinary.extractTo(dataRoot.resolve("bin")));
            Snapshotter snapshots = new Snapshotter(dataRoot.resolve("snapshots"),
                    new LayerStore(dataRoot.resolve("snapshots"), new ImageServiceBlobs(imageService)));
            ports = new PortPublisher();
            ContainerRuntime runtime = new ContainerRuntime(dataRoot.resolve("bundles"), shim, snapshots, Cgroups.detect(),
                    ports, Runtime.getRuntime().availableProcessors());
            files = runtime.files();
            logs = new LogShipper(kafka, hostId, serde);
            exits = new ExitWatcher();
            AggregateRepository<ContainerCommand, ContainerEvent, ContainerState> repository = new AggregateRepository<>(
                    new ContainerDecider(Clock.systemUTC()), ContainerEvent.class, appender, new AggregateStreamReader(kafka, serde));
            agent = new ContainerAgent(hostId, repository, runtime, logs, exits);
            agent.reattach();
            LOG.infof("containers of host %s live under %s", hostId, dataRoot);
            return agent;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up containers under " + dataRoot, e);
        }
    }

    /** The containers' writable layers, read-only; empty until {@link #start} has run. */
    public Optional<ContainerFiles> files() {
        return Optional.ofNullable(files);
    }

    public void stop() {
        if (agent == null) {
            return;
        }
        if (!liveRestore) {
            agent.killAllRunning();
        }
        agent.close();
        try {
            exits.close();
        } catch (IOException e) {
            LOG.debugf("closing the exit watcher: %s", e);
        }
        ports.close();
        logs.close();
    }
}
