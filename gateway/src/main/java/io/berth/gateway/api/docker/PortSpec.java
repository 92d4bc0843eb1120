package io.berth.gateway.api.docker;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Docker's port specifications ({@code 80}, {@code 80/tcp}, {@code 8000-8010/udp}), checked with dockerd's message. */
final class PortSpec {
    private static final Pattern PORT_OR_RANGE = Pattern.compile("(\\d+)(?:-(\\d+))?");

    private PortSpec() {
    }

    /** {@code 80} → {@code 80/tcp}; a bad number is dockerd's {@code invalid port specification: "…"}. */
    static String containerPort(String spec) {
        int slash = spec.indexOf('/');
        String port = slash < 0 ? spec : spec.substring(0, slash);
        String proto = slash < 0 ? "tcp" : spec.substring(slash + 1).toLowerCase();
        if (!valid(port)) {
            throw invalid(port);
        }
        if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
            throw new DockerError(400, "invalid proto: " + proto);
        }
        return port + "/" + proto;
    }

    /** A host port: empty (any free one), a number or a range. */
    static String hostPort(String port) {
        if (!port.isEmpty() && !valid(port)) {
            throw invalid(port);
        }
        return port;
    }

    private static boolean valid(String port) {
        Matcher m = PORT_OR_RANGE.matcher(port);
        if (!m.matches() || port.length() > 11) {
            return false;
        }
        int start = Integer.parseInt(m.group(1));
        int end = m.group(2) == null ? start : Integer.parseInt(m.group(2));
        return start >= 0 && end <= 65535 && start <= end;
    }

    private static DockerError invalid(String port) {
        return new DockerError(400, "invalid port specification: \"" + port + "\"");
    }
}
