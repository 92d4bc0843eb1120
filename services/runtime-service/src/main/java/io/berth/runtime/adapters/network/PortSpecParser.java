package io.berth.runtime.adapters.network;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Docker's port grammar, following {@code go-connections/nat.ParsePortSpec} (what the CLI runs on {@code -p}) and
 * the daemon's check of {@code HostConfig.PortBindings}. The order of the checks is Docker's, so a spec with two
 * faults gets the same message as from Docker.
 */
final class PortSpecParser {
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,5}");
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    private PortSpecParser() {
    }

    /** An inclusive port range; a single port has {@code start == end}. */
    private record Range(int start, int end) {
        int size() {
            return end - start + 1;
        }
    }

    static List<PortBinding> parseCliSpec(String raw) {
        // Split on every ':' and take the last two fields as ports, so "[::1]:80:80" and "::1:80:80" both work.
        String[] parts = raw.split(":", -1);
        int n = parts.length;
        String ip = n >= 3 ? String.join(":", List.of(parts).subList(0, n - 2)) : "";
        String hostPort = n >= 2 ? parts[n - 2] : "";
        String containerWithProto = parts[n - 1];

        int slash = containerWithProto.indexOf('/');
        String containerPort = slash < 0 ? containerWithProto : containerWithProto.substring(0, slash);
        String proto = slash < 0 || slash == containerWithProto.length() - 1 ? "tcp" : containerWithProto.substring(slash + 1);
        if (containerPort.isEmpty()) {
            throw new InvalidPortSpecException("no port specified: " + raw + "<empty>");
        }
        Protocol protocol = protocol(proto.toLowerCase(Locale.ROOT));

        if (ip.startsWith("[")) {
            if (!ip.endsWith("]")) {
                throw new InvalidPortSpecException(
                        "invalid IP address " + ip + ": address " + ip + ":: missing ']' in address");
            }
            ip = ip.substring(1, ip.length() - 1);
        }
        if (!ip.isEmpty() && !isIpLiteral(ip)) {
            throw new InvalidPortSpecException("invalid IP address: " + ip);
        }

        Range container = range(containerPort);
        if (container == null || container.start() == 0) {
            throw new InvalidPortSpecException("invalid containerPort: " + containerPort);
        }
        Range host = new Range(0, 0);
        if (!hostPort.isEmpty()) {
            host = range(hostPort);
            if (host == null) {
                throw new InvalidPortSpecException("invalid hostPort: " + hostPort);
            }
            // A host range with a single container port means "any free port in the range".
            if (host.size() != container.size() && container.size() != 1) {
                throw new InvalidPortSpecException("invalid ranges specified for container and host Ports: "
                        + containerPort + " and " + hostPort);
            }
        }

        String hostIp = ip.isEmpty() ? PortBinding.ANY_IPV4 : ip;
        List<PortBinding> out = new ArrayList<>(container.size());
        for (int i = 0; i < container.size(); i++) {
            if (container.size() == 1) {
                out.add(new PortBinding(hostIp, host.start(), container.start(), protocol, host.end()));
            } else {
                int h = host.start() == 0 ? 0 : host.start() + i;
                out.add(new PortBinding(hostIp, h, container.start() + i, protocol));
            }
        }
        return out;
    }

    static List<PortBinding> parseDockerJson(Map<String, List<Map<String, String>>> portBindings) {
        List<PortBinding> out = new ArrayList<>();
        if (portBindings == null) {
            return out;
        }
        for (Map.Entry<String, List<Map<String, String>>> e : portBindings.entrySet()) {
            String key = e.getKey();
            int slash = key.indexOf('/');
            String port = slash < 0 ? key : key.substring(0, slash);
            String proto = slash < 0 || slash == key.length() - 1 ? "tcp" : key.substring(slash + 1);
            Range container = DIGITS.matcher(port).matches() ? range(port) : null;
            if (container == null || container.start() == 0) {
                throw new InvalidPortSpecException("invalid port specification: " + quoted(port));
            }
            Protocol protocol = protocol(proto.toLowerCase(Locale.ROOT));
            if (e.getValue() == null) {
                continue;
            }
            for (Map<String, String> binding : e.getValue()) {
                out.add(jsonBinding(binding, container.start(), protocol));
            }
        }
        return out;
    }

    private static PortBinding jsonBinding(Map<String, String> binding, int containerPort, Protocol protocol) {
        String ip = binding == null ? null : binding.get("HostIp");
        String hostPort = binding == null ? null : binding.get("HostPort");
        if (ip == null || ip.isEmpty()) {
            ip = PortBinding.ANY_IPV4;
        } else if (!isIpLiteral(ip)) {
            throw new InvalidPortSpecException("invalid IP address: " + ip);
        }
        Range host = new Range(0, 0);
        if (hostPort != null && !hostPort.isEmpty()) {
            host = range(hostPort);
            if (host == null) {
                throw new InvalidPortSpecException("invalid port specification: " + quoted(hostPort));
            }
        }
        return new PortBinding(ip, host.start(), containerPort, protocol, host.end());
    }

    private static Protocol protocol(String proto) {
        switch (proto) {
            case "tcp":
                return Protocol.TCP;
            case "udp":
                return Protocol.UDP;
            case "sctp":
                // Valid for Docker, but Berth's proxy relays only stream and datagram sockets.
                throw new InvalidPortSpecException("invalid proto: sctp (Berth publishes only tcp and udp ports)");
            default:
                throw new InvalidPortSpecException("invalid proto: " + proto);
        }
    }

    /** {@code 80} or {@code 8000-8010}, each 0..65535, end not below start; null when malformed. */
    private static Range range(String text) {
        int dash = text.indexOf('-');
        String first = dash < 0 ? text : text.substring(0, dash);
        String last = dash < 0 ? text : text.substring(dash + 1);
        if (!DIGITS.matcher(first).matches() || !DIGITS.matcher(last).matches()) {
            return null;
        }
        int start = Integer.parseInt(first);
        int end = Integer.parseInt(last);
        if (start > 65535 || end > 65535 || end < start) {
            return null;
        }
        return new Range(start, end);
    }

    /**
     * Whether {@code text} is an IPv4 or IPv6 literal as Go's {@code net.ParseIP} reads it (no zone, no name).
     * Names are never resolved: only strings with a ':' reach {@link InetAddress}, which parses those as literals.
     */
    static boolean isIpLiteral(String text) {
        if (IPV4.matcher(text).matches()) {
            return true;
        }
        if (text.indexOf(':') < 0 || text.indexOf('%') >= 0 || text.indexOf('[') >= 0) {
            return false;
        }
        try {
            InetAddress a = InetAddress.getByName(text);
            return a instanceof Inet6Address || text.contains("::ffff:") || text.contains("::FFFF:");
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Go's {@code %q} for the strings a port spec can contain. */
    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
