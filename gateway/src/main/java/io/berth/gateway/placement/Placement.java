package io.berth.gateway.placement;

import io.berth.gateway.api.docker.DockerError;
import io.berth.gateway.projection.ContainersQuery;
import io.berth.gateway.projection.HostsQuery;
import io.berth.gateway.projection.HostsQuery.Host;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Chooses the host of a new container from the hosts and containers views; none up is a 503. */
@ApplicationScoped
public class Placement {
    private final HostsQuery hosts;
    private final ContainersQuery containers;

    public Placement(HostsQuery hosts, ContainersQuery containers) {
        this.hosts = hosts;
        this.containers = containers;
    }

    public Uni<Host> place() {
        return hosts.all().chain(all -> containers.countByHost().map(counts -> HostChoice.choose(all, counts)
                .orElseThrow(() -> new DockerError(503, HostChoice.noHostReason(all)))));
    }
}
