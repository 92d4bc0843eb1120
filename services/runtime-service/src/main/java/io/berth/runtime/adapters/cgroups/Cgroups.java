package io.berth.runtime.adapters.cgroups;

import io.berth.contracts.host.CgroupVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Creates and finds containers' cgroups under {@code <hierarchy root>/berth/<containerId>}, Docker's cgroupfs layout
 * with our own parent name, on v1, hybrid and v2 hosts alike. On v1 and hybrid hosts every mounted v1 controller gets a
 * directory (a container must not share its creator's cpuset, devices or freezer cgroup either), and hybrid hosts
 * also get one in the controller-less unified hierarchy, which gives {@code cgroup.kill} and systemd a view of it.
 */
public final class Cgroups {
    public static final String DEFAULT_PARENT = "berth";
    /** Docker ids are hex, names are [a-zA-Z0-9][a-zA-Z0-9_.-]+; anything else could escape the parent directory. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    /** v2 controllers enabled for containers when the host offers them; io is not limited yet but feeds stats. */
    private static final List<String> V2_CONTROLLERS = List.of("cpu", "memory", "pids", "io");

    private final Map<String, Path> v1Roots;
    private final Optional<Path> unifiedRoot;
    private final boolean pureV2;
    private final String parent;
    private final int hostCpus;

    /** The host's own hierarchies, from /proc/self/mounts. */
    public static Cgroups detect() {
        try {
            CgroupMounts mounts = CgroupMounts.parse(Files.readAllLines(Path.of("/proc/self/mounts")));
            return new Cgroups(mounts.v1Roots(), mounts.unifiedRoot().orElse(null), DEFAULT_PARENT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/mounts", e);
        }
    }

    /**
     * @param v1Roots     controller name to the root of its v1 hierarchy; empty for a pure v2 host
     * @param unifiedRoot the cgroup2 mount, or null; the only hierarchy when {@code v1Roots} is empty
     * @param parent      directory under each root that holds the containers' cgroups
     */
    public Cgroups(Map<String, Path> v1Roots, Path unifiedRoot, String parent) {
        if (v1Roots.isEmpty() && unifiedRoot == null) {
            throw new IllegalArgumentException("no cgroup hierarchy mounted");
        }
        this.v1Roots = Collections.unmodifiableMap(new TreeMap<>(v1Roots));
        this.unifiedRoot = Optional.ofNullable(unifiedRoot);
        this.pureV2 = v1Roots.isEmpty();
        this.parent = parent;
        this.hostCpus = Runtime.getRuntime().availableProcessors();
    }

    public CgroupVersion version() {
        if (pureV2) {
            return CgroupVersion.V2;
        }
        return unifiedRoot.isPresent() ? CgroupVersion.HYBRID : CgroupVersion.V1;
    }

    /**
     * Validates {@code limits} like Docker, creates the container's directories and writes the limits. All or
     * nothing: if any step fails, every directory made here is removed before the exception leaves.
     *
     * @throws InvalidResourceLimitsException Docker's message, before anything is touched
     * @throws CgroupException                a controller is missing, the cgroup already exists, or the kernel refused
     */
    public ContainerCgroup create(String containerId, ResourceLimits limits) {
        requireSafeId(containerId);
        limits.validate(hostCpus);
        requireControllersFor(limits);
        List<Path> created = new ArrayList<>();
        try {
            return pureV2 ? createV2(containerId, limits, created) : createV1(containerId, limits, created);
        } catch (RuntimeException e) {
            removeCreated(created, e);
            throw e;
        }
    }

    /** The cgroup a container got before this process (re)started, if its directories are still there. */
    public Optional<ContainerCgroup> existing(String containerId) {
        requireSafeId(containerId);
        Map<String, Path> v1Dirs = new LinkedHashMap<>();
        v1Roots.forEach((controller, root) -> {
            Path dir = containerDir(root, containerId);
            if (Files.isDirectory(dir)) {
                v1Dirs.put(controller, dir);
            }
        });
        Optional<Path> unifiedDir = unifiedRoot.map(root -> containerDir(root, containerId)).filter(Files::isDirectory);
        if (v1Dirs.isEmpty() && unifiedDir.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ContainerCgroup(containerId, v1Dirs, unifiedDir, pureV2));
    }

    private ContainerCgroup createV2(String containerId, ResourceLimits limits, List<Path> created) {
        Path root = unifiedRoot.orElseThrow();
        Path parentDir = root.resolve(parent);
        makeParent(parentDir);
        enableV2Controllers(root, limits);
        enableV2Controllers(parentDir, limits);
        Path dir = makeContainerDir(parentDir.resolve(containerId), created);
        V2LimitWriter.write(dir, limits);
        return new ContainerCgroup(containerId, Map.of(), Optional.of(dir), true);
    }

    private ContainerCgroup createV1(String containerId, ResourceLimits limits, List<Path> created) {
        Map<String, Path> dirs = new LinkedHashMap<>();
        Map<Path, Path> dirByRoot = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : v1Roots.entrySet()) {
            Path root = e.getValue();
            Path dir = dirByRoot.get(root);
            if (dir == null) {
                dir = makeV1Dir(root, containerId, created);
                dirByRoot.put(root, dir);
            }
            dirs.put(e.getKey(), dir);
        }
        Optional<Path> unifiedDir = unifiedRoot.flatMap(root -> makeTrackingDir(root, containerId, created));
        V1LimitWriter.write(dirs, limits);
        Path devices = dirs.get("devices");
        if (devices != null) {
            V1DeviceRules.apply(devices);
        }
        return new ContainerCgroup(containerId, dirs, unifiedDir, false);
    }

    private Path makeV1Dir(Path root, String containerId, List<Path> created) {
        Path parentDir = root.resolve(parent);
        makeParent(parentDir);
        Path dir = makeContainerDir(parentDir.resolve(containerId), created);
        // A v1 cpuset cgroup starts with no cpus and no mems and refuses processes until given some.
        if (CgroupFiles.exists(dir, "cpuset.cpus")) {
            CpusetInheritance.inherit(parentDir);
            CpusetInheritance.inherit(dir);
        }
        return dir;
    }

    /**
     * Hybrid hosts: a directory in the controller-less unified hierarchy. Best effort, as it limits nothing; it only
     * adds cgroup.kill and lets systemd see the container apart from its creator.
     */
    private Optional<Path> makeTrackingDir(Path unifiedRoot, String containerId, List<Path> created) {
        try {
            makeParent(unifiedRoot.resolve(parent));
            return Optional.of(makeContainerDir(containerDir(unifiedRoot, containerId), created));
        } catch (CgroupException e) {
            return Optional.empty();
        }
    }

    /** The shared parent stays when a container goes: other containers may be in it, and it costs nothing. */
    private static void makeParent(Path parentDir) {
        try {
            Files.createDirectories(parentDir);
        } catch (IOException e) {
            throw new CgroupException("cannot create " + parentDir + ": " + e.getMessage(), e);
        }
    }

    /** mkdir, never reuse: reusing could adopt, and on failure delete, a live container's cgroup. */
    private static Path makeContainerDir(Path dir, List<Path> created) {
        try {
            Files.createDirectory(dir);
            created.add(dir);
            return dir;
        } catch (FileAlreadyExistsException e) {
            throw new CgroupException("cgroup " + dir + " already exists", e);
        } catch (IOException e) {
            throw new CgroupException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A v2 cgroup has only the controllers its parent lists in cgroup.subtree_control. Enabled one by one so an
     * optional controller the host lacks does not block the others; a controller a limit needs must succeed.
     */
    private static void enableV2Controllers(Path dir, ResourceLimits limits) {
        Set<String> available = Set.of(CgroupFiles.read(dir, "cgroup.controllers").split("\\s+"));
        Set<String> enabled = Set.of(CgroupFiles.read(dir, "cgroup.subtree_control").split("\\s+"));
        for (String controller : V2_CONTROLLERS) {
            if (!available.contains(controller) || enabled.contains(controller)) {
                continue;
            }
            try {
                CgroupFiles.write(dir, "cgroup.subtree_control", "+" + controller);
            } catch (CgroupException e) {
                if (neededFor(controller, limits)) {
                    throw e;
                }
            }
        }
    }

    private void requireControllersFor(ResourceLimits limits) {
        for (String controller : List.of("memory", "cpu", "pids")) {
            if (neededFor(controller, limits) && !offers(controller)) {
                throw new CgroupException("the " + controller + " cgroup controller is not available on this host,"
                        + " so the requested " + controller + " limit cannot be enforced");
            }
        }
    }

    private static boolean neededFor(String controller, ResourceLimits limits) {
        switch (controller) {
            case "memory":
                return limits.limitsMemory();
            case "cpu":
                return limits.limitsCpu();
            case "pids":
                return limits.limitsPids();
            default:
                return false;
        }
    }

    private boolean offers(String controller) {
        if (!pureV2) {
            return v1Roots.containsKey(controller);
        }
        Path root = unifiedRoot.orElseThrow();
        return Set.of(CgroupFiles.read(root, "cgroup.controllers").split("\\s+")).contains(controller);
    }

    private Path containerDir(Path root, String containerId) {
        return root.resolve(parent).resolve(containerId);
    }

    private static void requireSafeId(String containerId) {
        if (containerId == null || !SAFE_ID.matcher(containerId).matches()) {
            throw new IllegalArgumentException("not a container id: " + containerId);
        }
    }

    /** Reverse order; the directories are empty (no process was ever put in), so rmdir cannot be busy. */
    private static void removeCreated(List<Path> created, RuntimeException failure) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
