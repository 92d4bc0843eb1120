package io.berth.contracts.container;

import java.util.List;

/**
 * How a container is wired to its host: Docker's {@code HostConfig}, the parts Berth honours.
 *
 * @param binds        {@code -v /host/path:/container/path[:ro]}
 * @param portBindings {@code -p}: one entry per host binding
 * @param networkMode  {@code default} (own network namespace), {@code none} or {@code host}
 * @param memory       bytes, 0 = unlimited
 * @param memorySwap   Docker's {@code --memory-swap}: 0 = default, -1 = unlimited
 * @param nanoCpus     {@code --cpus} × 10⁹, 0 = unlimited
 * @param pidsLimit    0 = unlimited
 */
public record HostSettings(
        List<String> binds,
        List<PortBinding> portBindings,
        String networkMode,
        RestartPolicy restartPolicy,
        boolean autoRemove,
        long memory,
        long memorySwap,
        long nanoCpus,
        long cpuShares,
        long pidsLimit,
        boolean readonlyRootfs) {

    public HostSettings {
        binds = binds == null ? List.of() : List.copyOf(binds);
        portBindings = portBindings == null ? List.of() : List.copyOf(portBindings);
        networkMode = networkMode == null || networkMode.isEmpty() ? "default" : networkMode;
        restartPolicy = restartPolicy == null ? RestartPolicy.NO : restartPolicy;
    }

    /** A published port as Docker's create request has it: {@code "80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8080"}]}. */
    public record PortBinding(String containerPort, String hostIp, String hostPort) {
    }
}
