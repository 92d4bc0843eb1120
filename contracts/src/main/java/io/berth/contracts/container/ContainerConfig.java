package io.berth.contracts.container;

import io.berth.contracts.types.Digest;
import java.util.List;
import java.util.Map;

/**
 * What a container runs, as Docker's {@code Config} shows it after the image's defaults were merged in by the
 * gateway (so the runtime never needs the image config, and {@code docker inspect} shows what really ran).
 *
 * @param image      the image as the user named it ({@code busybox}, {@code busybox:latest}, an id)
 * @param imageId    the image's config digest ({@code docker inspect}'s {@code Image})
 * @param layers     the image's layer blob digests, bottom to top: what the host's snapshotter fetches
 * @param entrypoint null or empty when the image and the user set none
 * @param cmd        the user's command, or the image's CMD when the user gave none
 * @param stopSignal null means SIGTERM
 * @param stopTimeout seconds {@code docker stop} waits before SIGKILL; null means 10
 */
public record ContainerConfig(
        String image,
        Digest imageId,
        List<Digest> layers,
        List<String> entrypoint,
        List<String> cmd,
        List<String> env,
        String workingDir,
        String user,
        String hostname,
        Map<String, String> labels,
        List<String> exposedPorts,
        String stopSignal,
        Integer stopTimeout,
        boolean tty,
        boolean openStdin) {

    public ContainerConfig {
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    /** The process Docker runs: ENTRYPOINT followed by CMD ({@code Path} and {@code Args} in inspect). */
    public List<String> processArgs() {
        List<String> all = new java.util.ArrayList<>(entrypoint);
        all.addAll(cmd);
        return List.copyOf(all);
    }
}
