package io.berth.gateway.api.docker;

import io.berth.contracts.container.ContainerConfig;
import io.berth.contracts.container.HostSettings;
import io.berth.contracts.container.HostSettings.PortBinding;
import io.berth.contracts.container.PublishedPort;
import io.berth.gateway.projection.ContainersQuery.Container;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The container documents of the Docker API: {@code docker ps} rows and {@code docker inspect}, shaped as dockerd's. */
final class ContainerJson {
    /** Go's zero time, which dockerd prints for "never". */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private ContainerJson() {
    }

    static Map<String, Object> summary(Container c, Instant now, boolean size) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", c.id());
        m.put("Names", List.of("/" + c.name()));
        m.put("Image", c.image());
        m.put("ImageID", c.imageId());
        m.put("Command", command(c.config()));
        m.put("Created", c.created().getEpochSecond());
        m.put("Ports", summaryPorts(c));
        if (size) {
            m.put("SizeRw", 0);
            m.put("SizeRootFs", 0);
        }
        m.put("Labels", c.config().labels());
        m.put("State", c.status());
        m.put("Status", ContainerStatusText.of(c, now));
        m.put("HostConfig", Map.of("NetworkMode", c.hostSettings().networkMode()));
        m.put("NetworkSettings", Map.of("Networks", networks(c.hostSettings())));
        m.put("Mounts", mounts(c.hostSettings()));
        return m;
    }

    /** dockerd's list: the path, then each argument, quoted with ' when it holds a space. */
    static String command(ContainerConfig config) {
        List<String> args = config.processArgs();
        if (args.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(args.get(0));
        for (String a : args.subList(1, args.size())) {
            sb.append(' ').append(a.contains(" ") ? "'" + a + "'" : a);
        }
        return sb.toString();
    }

    /** While running: every published port, then exposed ports nobody published. Stopped containers have none. */
    private static List<Map<String, Object>> summaryPorts(Container c) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!c.running()) {
            return out;
        }
        List<String> published = new ArrayList<>();
        for (PublishedPort p : c.ports()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("IP", p.hostIp() == null || p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp());
            m.put("PrivatePort", p.containerPort());
            m.put("PublicPort", p.hostPort());
            m.put("Type", p.protocol());
            out.add(m);
            published.add(p.containerPort() + "/" + p.protocol());
        }
        for (String exposed : c.config().exposedPorts()) {
            if (!published.contains(exposed)) {
                String[] parts = exposed.split("/");
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("PrivatePort", Integer.parseInt(parts[0].split("-")[0]));
                m.put("Type", parts.length > 1 ? parts[1] : "tcp");
                out.add(m);
            }
        }
        return out;
    }

    static Map<String, Object> inspect(Container c) {
        List<String> process = c.config().processArgs();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", c.id());
        m.put("Created", c.created().toString());
        m.put("Path", process.isEmpty() ? "" : process.get(0));
        m.put("Args", process.isEmpty() ? List.of() : process.subList(1, process.size()));
        m.put("State", state(c));
        m.put("Image", c.imageId());
        m.put("ResolvConfPath", "");
        m.put("HostnamePath", "");
        m.put("HostsPath", "");
        m.put("LogPath", "");
        m.put("Name", "/" + c.name());
        m.put("RestartCount", c.restartCount());
        // Berth's own addition (the CLI ignores unknown fields): the host the container was placed on.
        m.put("Node", Map.of("ID", c.hostId(), "Name", c.hostId()));
        m.put("Driver", "overlay");
        m.put("Platform", "linux");
        m.put("MountLabel", "");
        m.put("ProcessLabel", "");
        m.put("AppArmorProfile", "");
        m.put("ExecIDs", null);
        m.put("HostConfig", hostConfig(c.hostSettings()));
        m.put("GraphDriver", Map.of("Data", Map.of(), "Name", "overlay"));
        m.put("Mounts", mounts(c.hostSettings()));
        m.put("Config", config(c.config()));
        m.put("NetworkSettings", networkSettings(c));
        return m;
    }

    private static Map<String, Object> state(Container c) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("Status", c.status());
        s.put("Running", c.running());
        s.put("Paused", false);
        s.put("Restarting", c.status().equals("restarting"));
        s.put("OOMKilled", c.oomKilled());
        s.put("Dead", c.status().equals("dead"));
        s.put("Pid", c.status().equals("running") ? c.pid() : 0);
        s.put("ExitCode", c.exitCode());
        s.put("Error", c.error());
        s.put("StartedAt", time(c.startedAt()));
        s.put("FinishedAt", time(c.finishedAt()));
        return s;
    }

    private static Map<String, Object> hostConfig(HostSettings h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Binds", h.binds().isEmpty() ? null : h.binds());
        m.put("ContainerIDFile", "");
        m.put("LogConfig", Map.of("Type", "berth", "Config", Map.of()));
        m.put("NetworkMode", h.networkMode());
        m.put("PortBindings", portBindings(h.portBindings()));
        m.put("RestartPolicy", Map.of("Name", h.restartPolicy().name(), "MaximumRetryCount", h.restartPolicy().maximumRetryCount()));
        m.put("AutoRemove", h.autoRemove());
        m.put("VolumeDriver", "");
        m.put("VolumesFrom", null);
        m.put("CapAdd", null);
        m.put("CapDrop", null);
        m.put("Dns", List.of());
        m.put("DnsOptions", List.of());
        m.put("DnsSearch", List.of());
        m.put("ExtraHosts", null);
        m.put("Privileged", false);
        m.put("PublishAllPorts", false);
        m.put("ReadonlyRootfs", h.readonlyRootfs());
        m.put("Runtime", "berth");
        m.put("ConsoleSize", List.of(0, 0));
        m.put("CpuShares", h.cpuShares());
        m.put("Memory", h.memory());
        m.put("MemorySwap", h.memorySwap());
        m.put("NanoCpus", h.nanoCpus());
        m.put("PidsLimit", h.pidsLimit() == 0 ? null : h.pidsLimit());
        return m;
    }

    /** {@code "80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "5001"}]}, as requested. */
    private static Map<String, Object> portBindings(List<PortBinding> bindings) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (PortBinding b : bindings) {
            @SuppressWarnings("unchecked")
            List<Map<String, String>> list = (List<Map<String, String>>) out.computeIfAbsent(b.containerPort(), k -> new ArrayList<Map<String, String>>());
            list.add(Map.of("HostIp", b.hostIp() == null ? "" : b.hostIp(), "HostPort", b.hostPort() == null ? "" : b.hostPort()));
        }
        return out;
    }

    private static Map<String, Object> config(ContainerConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Hostname", c.hostname());
        m.put("Domainname", "");
        m.put("User", c.user());
        m.put("AttachStdin", false);
        m.put("AttachStdout", false);
        m.put("AttachStderr", false);
        if (!c.exposedPorts().isEmpty()) {
            Map<String, Object> exposed = new LinkedHashMap<>();
            c.exposedPorts().forEach(p -> exposed.put(p, Map.of()));
            m.put("ExposedPorts", exposed);
        }
        m.put("Tty", c.tty());
        m.put("OpenStdin", c.openStdin());
        m.put("StdinOnce", false);
        m.put("Env", c.env().isEmpty() ? null : c.env());
        m.put("Cmd", c.cmd().isEmpty() ? null : c.cmd());
        m.put("Image", c.image());
        m.put("Volumes", null);
        m.put("WorkingDir", c.workingDir());
        m.put("Entrypoint", c.entrypoint().isEmpty() ? null : c.entrypoint());
        m.put("OnBuild", null);
        m.put("Labels", c.labels());
        if (c.stopSignal() != null) {
            m.put("StopSignal", c.stopSignal());
        }
        if (c.stopTimeout() != null) {
            m.put("StopTimeout", c.stopTimeout());
        }
        return m;
    }

    private static Map<String, Object> networkSettings(Container c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Bridge", "");
        m.put("SandboxID", "");
        m.put("HairpinMode", false);
        m.put("LinkLocalIPv6Address", "");
        m.put("LinkLocalIPv6PrefixLen", 0);
        m.put("Ports", ports(c));
        m.put("SandboxKey", "");
        m.put("SecondaryIPAddresses", null);
        m.put("SecondaryIPv6Addresses", null);
        m.put("EndpointID", "");
        m.put("Gateway", "");
        m.put("GlobalIPv6Address", "");
        m.put("GlobalIPv6PrefixLen", 0);
        m.put("IPAddress", "");
        m.put("IPPrefixLen", 0);
        m.put("IPv6Gateway", "");
        m.put("MacAddress", "");
        m.put("Networks", networks(c.hostSettings()));
        return m;
    }

    /** {@code docker port}'s source: the ports the host bound for this run; exposed but unpublished ones are null. */
    private static Map<String, Object> ports(Container c) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!c.running()) {
            return out;
        }
        c.config().exposedPorts().forEach(p -> out.put(p, null));
        for (PublishedPort p : c.ports()) {
            String key = p.containerPort() + "/" + p.protocol();
            @SuppressWarnings("unchecked")
            List<Map<String, String>> list = out.get(key) instanceof List<?> l ? (List<Map<String, String>>) l : new ArrayList<>();
            list.add(Map.of("HostIp", p.hostIp() == null ? "" : p.hostIp(), "HostPort", String.valueOf(p.hostPort())));
            out.put(key, list);
        }
        return out;
    }

    /** The network the container is attached to, as dockerd names it; Berth has no addresses to show. */
    private static Map<String, Object> networks(HostSettings h) {
        String name = h.networkMode().equals("default") ? "bridge" : h.networkMode();
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("IPAMConfig", null);
        endpoint.put("Links", null);
        endpoint.put("Aliases", null);
        endpoint.put("NetworkID", "");
        endpoint.put("EndpointID", "");
        endpoint.put("Gateway", "");
        endpoint.put("IPAddress", "");
        endpoint.put("IPPrefixLen", 0);
        endpoint.put("IPv6Gateway", "");
        endpoint.put("GlobalIPv6Address", "");
        endpoint.put("GlobalIPv6PrefixLen", 0);
        endpoint.put("MacAddress", "");
        endpoint.put("DriverOpts", null);
        return Map.of(name, endpoint);
    }

    /** Binds as mounts: {@code /src:/dst[:ro]}. */
    static List<Map<String, Object>> mounts(HostSettings h) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String bind : h.binds()) {
            String[] parts = bind.split(":");
            if (parts.length < 2) {
                continue;
            }
            String mode = parts.length > 2 ? parts[2] : "";
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Type", "bind");
            m.put("Source", parts[0]);
            m.put("Destination", parts[1]);
            m.put("Mode", mode);
            m.put("RW", !List.of(mode.split(",")).contains("ro"));
            m.put("Propagation", "rprivate");
            out.add(m);
        }
        return out;
    }

    private static String time(Instant t) {
        return t == null ? ZERO_TIME : t.toString();
    }
}
