package io.berth.runtime.application.containers;

import io.berth.contracts.container.ContainerConfig;
import io.berth.contracts.container.HostSettings;
import io.berth.contracts.container.PublishedPort;
import io.berth.eventsourcing.Rejection;
import io.berth.runtime.adapters.cgroups.Cgroups;
import io.berth.runtime.adapters.cgroups.ContainerCgroup;
import io.berth.runtime.adapters.cgroups.InvalidResourceLimitsException;
import io.berth.runtime.adapters.cgroups.ResourceLimits;
import io.berth.runtime.adapters.network.InvalidPortSpecException;
import io.berth.runtime.adapters.network.PortBinding;
import io.berth.runtime.adapters.network.PortInUseException;
import io.berth.runtime.adapters.network.PortPublisher;
import io.berth.runtime.adapters.network.Published;
import io.berth.runtime.adapters.shim.BindMount;
import io.berth.runtime.adapters.shim.Bundle;
import io.berth.runtime.adapters.shim.ExitStatus;
import io.berth.runtime.adapters.shim.LaunchFailedException;
import io.berth.runtime.adapters.shim.Launched;
import io.berth.runtime.adapters.shim.NetworkMode;
import io.berth.runtime.adapters.shim.ProcessSpec;
import io.berth.runtime.adapters.shim.Shim;
import io.berth.runtime.adapters.shim.Signals;
import io.berth.runtime.adapters.shim.StagedProcess;
import io.berth.runtime.adapters.snapshot.Snapshot;
import io.berth.runtime.adapters.snapshot.Snapshotter;
import io.berth.runtime.domain.ContainerState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Everything a container holds on this machine, put together and taken apart: its snapshot (image layers plus a
 * writable layer), its cgroup, its bundle (what its monitor keeps: spec, state, log, exit) and its published ports.
 * A step that fails undoes the steps before it, so a failed create or start leaves no mount, cgroup or port behind.
 */
public final class ContainerRuntime {
    private static final Logger LOG = Logger.getLogger(ContainerRuntime.class);
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Path bundles;
    private final Shim shim;
    private final Snapshotter snapshots;
    private final Cgroups cgroups;
    private final PortPublisher ports;
    private final int hostCpus;
    private final SnapshotGuard guard = new SnapshotGuard();
    private final ContainerFiles files;
    /** Created containers whose process is set up and waits for its start. */
    private final Map<String, Staged> staged = new ConcurrentHashMap<>();

    public ContainerRuntime(Path bundles, Shim shim, Snapshotter snapshots, Cgroups cgroups, PortPublisher ports, int hostCpus)
            throws IOException {
        this.bundles = Files.createDirectories(bundles);
        this.shim = shim;
        this.snapshots = snapshots;
        this.cgroups = cgroups;
        this.ports = ports;
        this.hostCpus = hostCpus;
        this.files = new ContainerFiles(snapshots, guard);
    }

    /** Read-only views of the containers' writable layers, for the HTTP API; safe from any thread. */
    public ContainerFiles files() {
        return files;
    }

    /** {@code docker create} on this host: check what only the host can check, and fetch and unpack the layers. */
    public void prepare(String id, ContainerConfig config, HostSettings settings) {
        if (config.processArgs().isEmpty()) {
            throw new Rejection("container.no-command", "No command specified");
        }
        networkMode(settings);
        binds(settings);
        limits(settings);
        portBindings(settings);
        try {
            Files.createDirectories(bundles.resolve(id));
            snapshots.prepare(id, config.layers());
        } catch (IOException e) {
            throw new Rejection("container.image-unavailable", "could not prepare the image's layers for container "
                    + id + ": " + e.getMessage());
        }
    }

    /**
     * Sets a created container's process up ahead of its start (mount, cgroup, bundle, the helper's namespaces and
     * mounts), stopped right before its exec, so that {@link #launch} only has to let it run. Best effort: a
     * failure undoes what was done and the start does everything again, reporting the failure as Docker would.
     */
    public void stage(ContainerState s) {
        String id = s.containerId();
        if (staged.containsKey(id)) {
            return;
        }
        Staged st = new Staged();
        try {
            stage(s, st);
            staged.put(id, st);
        } catch (LaunchFailedException | ContainerUser.UnknownUserException | Rejection e) {
            LOG.debugf("staging container %s failed (its start will report it): %s", id, e.getMessage());
            undo(id, st, null);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("staging container %s failed (its start will try again): %s", id, e.toString());
            undo(id, st, null);
        }
    }

    /** Starts the container's process: mount, cgroup, bundle, launch, ports; on failure nothing stays behind. */
    public LaunchOutcome launch(ContainerState s) {
        String id = s.containerId();
        HostSettings settings = s.hostSettings();
        Staged st = staged.remove(id);
        Launched launched = null;
        try {
            if (st == null) {
                st = new Staged();
                stage(s, st);
            }
            // Ports are bound before the process execs: a taken port fails the start and nothing ran.
            List<PublishedPort> bound = reservePorts(id, settings, networkMode(settings));
            nextRun(bundles.resolve(id));
            launched = st.process.start();
            st.process = null;
            servePorts(id, launched.pid());
            return LaunchOutcome.ran(launched, bound);
        } catch (LaunchFailedException e) {
            undo(id, st, null);
            return LaunchOutcome.failed(e.exitCode(), e.getMessage());
        } catch (ContainerUser.UnknownUserException e) {
            undo(id, st, null);
            return LaunchOutcome.failed(126, e.getMessage());
        } catch (PortInUseException e) {
            undo(id, st, launched);
            return LaunchOutcome.failed(128, "driver failed programming external connectivity on endpoint "
                    + (s.name() == null ? id : s.name()) + " (" + id + "): " + e.getMessage());
        } catch (Rejection e) {
            undo(id, st, launched);
            return LaunchOutcome.failed(128, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "starting container %s failed", id);
            undo(id, st, launched);
            return LaunchOutcome.failed(128, "failed to start container " + id + ": " + e.getMessage());
        }
    }

    /** What a start holds before its process runs; a failed step leaves the fields of the steps done. */
    private static final class Staged {
        Snapshot snapshot;
        ContainerCgroup cgroup;
        StagedProcess process;
    }

    private void stage(ContainerState s, Staged st)
            throws IOException, LaunchFailedException, ContainerUser.UnknownUserException {
        String id = s.containerId();
        ContainerConfig config = s.config();
        HostSettings settings = s.hostSettings();
        Snapshot snapshot = snapshots.existing(id).orElse(null);
        if (snapshot == null) {
            snapshot = snapshots.prepare(id, config.layers());
        }
        st.snapshot = snapshot;
        snapshots.mount(snapshot);
        ContainerUser user = ContainerUser.resolve(config.user(), snapshot.rootfs());
        st.cgroup = cgroups.create(id, limits(settings));
        Path bundle = Files.createDirectories(bundles.resolve(id));
        Files.deleteIfExists(bundle.resolve("exit"));
        Files.deleteIfExists(bundle.resolve("state"));
        String hostname = config.hostname() == null || config.hostname().isEmpty() ? id.substring(0, 12) : config.hostname();
        NetworkMode network = networkMode(settings);
        List<BindMount> mounts = new ArrayList<>(EtcFiles.write(bundle, hostname, network == NetworkMode.HOST));
        mounts.addAll(binds(settings));
        ProcessSpec spec = new ProcessSpec(snapshot.rootfs(), hostname, config.processArgs(),
                environment(config, hostname, user), workingDir(config), user.uid(), user.gid(),
                user.additionalGids(), false, network, st.cgroup.procsFiles(), mounts, settings.readonlyRootfs());
        st.process = shim.stage(bundle, spec);
    }

    private List<PublishedPort> reservePorts(String id, HostSettings settings, NetworkMode network) throws PortInUseException {
        List<PortBinding> wanted = portBindings(settings);
        if (wanted.isEmpty() || network == NetworkMode.HOST || settings.networkMode().equals("none")) {
            return List.of();
        }
        return toPublished(ports.reserve(id, wanted));
    }

    private void servePorts(String id, long pid) {
        try {
            ports.serve(id, netns(pid));
        } catch (java.io.UncheckedIOException e) {
            if (exitStatus(id).isEmpty() && Files.exists(Path.of("/proc", Long.toString(pid)))) {
                throw e;
            }
            // The process already ended (e.g. `true`): nothing to forward to; the exit releases the ports.
        }
    }

    private static List<PublishedPort> toPublished(Published published) {
        List<PublishedPort> out = new ArrayList<>();
        for (PortBinding b : published.bindings()) {
            out.add(new PublishedPort(b.containerPort(), b.protocol().wireName(), b.hostIp(), b.hostPort()));
        }
        return out;
    }

    /** After a restart of runtime-service: bind the same host ports again into the running container. */
    public void republishPorts(ContainerState s) {
        if (s.ports().isEmpty()) {
            return;
        }
        Map<String, List<Map<String, String>>> json = new LinkedHashMap<>();
        for (PublishedPort p : s.ports()) {
            json.computeIfAbsent(p.containerPort() + "/" + p.protocol(), k -> new ArrayList<>())
                    .add(Map.of("HostIp", p.hostIp(), "HostPort", Integer.toString(p.hostPort())));
        }
        try {
            ports.publish(s.containerId(), netns(s.pid()), PortBinding.fromDockerJson(json));
        } catch (PortInUseException | RuntimeException e) {
            LOG.errorf("could not publish the ports of container %s again: %s", s.containerId(), e.getMessage());
        }
    }

    private static Path netns(long pid) {
        return Path.of("/proc", Long.toString(pid), "ns", "net");
    }

    /**
     * The run ended, or never began: release its ports, its cgroup and its mount (the writable layer stays for a
     * restart), and kill a process staged for it.
     */
    public void releaseRun(String id) {
        Staged st = staged.remove(id);
        if (st != null) {
            st.process.abort();
        }
        releasePortsAndCgroup(id);
        unmountRootfs(id);
    }

    /** The part of {@link #releaseRun} that takes the kernel a while (an RCU grace period); the writable layer stays. */
    public void unmountRootfs(String id) {
        try {
            Optional<Snapshot> snapshot = snapshots.existing(id);
            if (snapshot.isPresent()) {
                snapshots.unmount(snapshot.get());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not unmount the rootfs of container %s: %s", id, e.getMessage());
        }
    }

    /** The quick part of {@link #releaseRun}. */
    public void releasePortsAndCgroup(String id) {
        ports.unpublish(id);
        try {
            Optional<ContainerCgroup> cg = cgroups.existing(id);
            if (cg.isPresent()) {
                cg.get().remove();
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not remove the cgroup of container %s: %s", id, e.getMessage());
        }
    }

    /** {@code docker rm}: nothing of the container stays on this host; the bundle goes last (see {@link #knownContainers}). */
    public void discard(String id) {
        releaseRun(id);
        guard.removing(id, () -> {
            try {
                snapshots.remove(id);
            } catch (IOException | RuntimeException e) {
                LOG.warnf("could not remove the layers of container %s: %s", id, e.getMessage());
            }
        });
        deleteTree(bundles.resolve(id));
    }

    private void undo(String id, Staged st, Launched launched) {
        if (st.process != null) {
            st.process.abort();
        }
        if (launched != null) {
            kill(id, launched.pid());
            awaitExit(id, Duration.ofSeconds(5));
        }
        ports.unpublish(id);
        if (st.cgroup != null) {
            try {
                st.cgroup.remove();
            } catch (RuntimeException e) {
                LOG.warnf("could not remove the cgroup of container %s: %s", id, e.getMessage());
            }
        }
        if (st.snapshot != null) {
            try {
                snapshots.unmount(st.snapshot);
            } catch (IOException | RuntimeException e) {
                LOG.warnf("could not unmount the rootfs of container %s: %s", id, e.getMessage());
            }
        }
    }

    public void kill(String id, long pid) {
        try {
            if (exitStatus(id).isEmpty()) {
                Signals.send(pid, Signals.SIGKILL);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not kill container %s (pid %d): %s", id, pid, e.toString());
        }
    }

    /** Waits (bounded) until the monitor has written the exit status. */
    public boolean awaitExit(String id, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (exitStatus(id).isPresent()) {
                return true;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    public Optional<ExitStatus> exitStatus(String id) {
        try {
            return bundle(id).exit();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public boolean monitorAlive(String id) {
        try {
            return bundle(id).monitorAlive();
        } catch (IOException e) {
            return false;
        }
    }

    public boolean oomKilled(String id) {
        try {
            return cgroups.existing(id).map(ContainerCgroup::oomKilled).orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    public Bundle bundle(String id) {
        return new Bundle(bundles.resolve(id));
    }

    /** The number of the current run (1 for the first start), which tags its output on {@code berth.logs}. */
    public int run(String id) {
        try {
            Path f = bundles.resolve(id).resolve("run");
            return Files.exists(f) ? Integer.parseInt(Files.readString(f).trim()) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private void nextRun(Path bundle) throws IOException {
        int next = run(bundle.getFileName().toString()) + 1;
        Files.writeString(bundle.resolve("run"), Integer.toString(next), StandardCharsets.UTF_8);
    }

    /** Every container with a bundle: after a crash, the containers whose removal may not have been finished or recorded. */
    public List<String> knownContainers() {
        try (Stream<Path> s = Files.list(bundles)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    // ---- the parts of HostSettings this host interprets ----------------------------------------------------

    private static NetworkMode networkMode(HostSettings settings) {
        String mode = settings.networkMode();
        if (mode.equals("default") || mode.equals("bridge") || mode.equals("none")) {
            return NetworkMode.NEW;
        }
        if (mode.equals("host")) {
            return NetworkMode.HOST;
        }
        throw new Rejection("container.unknown-network", "network " + mode + " not found");
    }

    private static List<BindMount> binds(HostSettings settings) {
        List<BindMount> mounts = new ArrayList<>();
        for (String bind : settings.binds()) {
            String[] parts = bind.split(":");
            if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new Rejection("container.invalid-mount", "invalid volume specification: '" + bind + "'");
            }
            if (!parts[0].startsWith("/")) {
                throw new Rejection("container.invalid-mount", "invalid mount config for type \"volume\": named volumes"
                        + " are not supported by Berth: '" + bind + "'");
            }
            if (!parts[1].startsWith("/")) {
                throw new Rejection("container.invalid-mount", "invalid volume specification: '" + bind
                        + "': invalid mount config for type \"bind\": invalid mount path: '" + parts[1]
                        + "' mount path must be absolute");
            }
            Path source = Path.of(parts[0]);
            if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                throw new Rejection("container.invalid-mount", "invalid mount config for type \"bind\": bind source path"
                        + " does not exist: " + parts[0]);
            }
            boolean readOnly = parts.length == 3 && List.of(parts[2].split(",")).contains("ro");
            mounts.add(new BindMount(source, parts[1], readOnly));
        }
        return mounts;
    }

    private ResourceLimits limits(HostSettings settings) {
        ResourceLimits limits = new ResourceLimits(settings.memory(), settings.memorySwap(), settings.nanoCpus(),
                settings.cpuShares(), settings.pidsLimit());
        try {
            limits.validate(hostCpus);
        } catch (InvalidResourceLimitsException e) {
            throw new Rejection("container.invalid-limits", e.getMessage());
        }
        return limits;
    }

    private static List<PortBinding> portBindings(HostSettings settings) {
        Map<String, List<Map<String, String>>> json = new LinkedHashMap<>();
        for (HostSettings.PortBinding p : settings.portBindings()) {
            Map<String, String> host = new HashMap<>();
            host.put("HostIp", p.hostIp() == null ? "" : p.hostIp());
            host.put("HostPort", p.hostPort() == null ? "" : p.hostPort());
            json.computeIfAbsent(p.containerPort(), k -> new ArrayList<>()).add(host);
        }
        try {
            return PortBinding.fromDockerJson(json);
        } catch (InvalidPortSpecException e) {
            throw new Rejection("container.invalid-port", e.getMessage());
        }
    }

    /** Docker's additions to the image's and the user's environment: PATH when missing, HOSTNAME, HOME. */
    static List<String> environment(ContainerConfig config, String hostname, ContainerUser user) {
        List<String> env = new ArrayList<>();
        env.add("HOSTNAME=" + hostname);
        boolean hasPath = false;
        boolean hasHome = false;
        for (String e : config.env()) {
            hasPath |= e.startsWith("PATH=");
            hasHome |= e.startsWith("HOME=");
            env.add(e);
        }
        if (!hasPath) {
            env.add(0, "PATH=" + DEFAULT_PATH);
        }
        if (!hasHome) {
            env.add("HOME=" + (user.uid() == 0 ? "/root" : "/"));
        }
        return env;
    }

    private static String workingDir(ContainerConfig config) {
        return config.workingDir() == null || config.workingDir().isEmpty() ? "/" : config.workingDir();
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", dir, e.getMessage());
        }
    }
}
