package io.berth.gateway.application;

import java.util.List;
import java.util.Map;

/**
 * The {@code Config} part of a {@code docker create} request, before the image's defaults are merged in.
 * {@code entrypoint} is null when the request had none; {@code [""]} ({@code --entrypoint ""}) clears the image's.
 */
public record RequestedConfig(String image, List<String> entrypoint, List<String> cmd, List<String> env, String workingDir,
                              String user, String hostname, Map<String, String> labels, List<String> exposedPorts,
                              String stopSignal, Integer stopTimeout, boolean tty, boolean openStdin) {
    public RequestedConfig {
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
        workingDir = workingDir == null ? "" : workingDir;
        user = user == null ? "" : user;
        hostname = hostname == null ? "" : hostname;
        stopSignal = stopSignal == null ? "" : stopSignal;
    }
}
