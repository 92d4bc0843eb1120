package io.berth.runtime.adapters.network;

import java.util.List;
import java.util.Map;

/**
 * One container port published on one host address, i.e. one {@code docker ps} entry such as
 * {@code 127.0.0.1:8080->80/tcp}.
 *
 * <p>{@code hostPort} 0 asks for any free port. {@code hostPortEnd} is only above {@code hostPort} for Docker's
 * "any free port in this range" form ({@code -p 8000-8010:80}); otherwise it equals {@code hostPort}.
 *
 * @param hostIp the host address to listen on, as the user wrote it (IPv6 without brackets); "0.0.0.0" when unset
 */
public record PortBinding(String hostIp, int hostPort, int containerPort, Protocol protocol, int hostPortEnd) {
    /** Docker's default when {@code -p} or {@code HostIp} names no address. */
    public static final String ANY_IPV4 = "0.0.0.0";

    public PortBinding {
        if (hostIp == null || hostIp.isEmpty() || protocol == null) {
            throw new IllegalArgumentException("hostIp and protocol are required");
        }
        if (hostPort < 0 || hostPort > 65535 || hostPortEnd < hostPort || hostPortEnd > 65535
                || (hostPort == 0 && hostPortEnd != 0)) {
            throw new IllegalArgumentException("bad host port range " + hostPort + "-" + hostPortEnd);
        }
        if (containerPort < 1 || containerPort > 65535) {
            throw new IllegalArgumentException("bad container port " + containerPort);
        }
    }

    /** A binding to one fixed host port (or 0 for any). */
    public PortBinding(String hostIp, int hostPort, int containerPort, Protocol protocol) {
        this(hostIp, hostPort, containerPort, protocol, hostPort);
    }

    /**
     * Parses one {@code docker run -p} value: {@code [ip:][hostPort[-end]:]containerPort[-end][/proto]}, with IPv6
     * addresses in brackets. A container port range gives one binding per port.
     *
     * @throws InvalidPortSpecException with Docker's message, e.g. {@code invalid containerPort: x}
     */
    public static List<PortBinding> parse(String spec) {
        return PortSpecParser.parseCliSpec(spec);
    }

    /**
     * Reads Docker's {@code HostConfig.PortBindings}, e.g. {@code {"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"}]}}.
     * Empty {@code HostIp} means 0.0.0.0 and empty {@code HostPort} means any free port, as in Docker.
     *
     * @throws InvalidPortSpecException with the daemon's message, e.g. {@code invalid port specification: "x"}
     */
    public static List<PortBinding> fromDockerJson(Map<String, List<Map<String, String>>> portBindings) {
        return PortSpecParser.parseDockerJson(portBindings);
    }

    /** True when the host port is picked at publish time (0 or a range). */
    public boolean hostPortIsDynamic() {
        return hostPort == 0 || hostPortEnd != hostPort;
    }

    /** The {@code PortBindings} / {@code NetworkSettings.Ports} key, e.g. {@code 80/tcp}. */
    public String containerPortKey() {
        return containerPort + "/" + protocol.wireName();
    }

    /** Docker's {@code ps} rendering, e.g. {@code 127.0.0.1:8080->80/tcp}. */
    public String describe() {
        String host = hostPortEnd != hostPort ? hostPort + "-" + hostPortEnd : String.valueOf(hostPort);
        return hostIp + ":" + host + "->" + containerPortKey();
    }
}
