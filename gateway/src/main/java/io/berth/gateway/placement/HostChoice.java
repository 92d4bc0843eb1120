package io.berth.gateway.placement;

import io.berth.gateway.projection.HostsQuery.Host;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The placement rule, pure: among hosts that are up and not cordoned, the one with the fewest containers. */
public final class HostChoice {
    private HostChoice() {
    }

    /** Ties go to the host id that sorts first, so the same view always gives the same answer. */
    public static Optional<Host> choose(List<Host> hosts, Map<String, Long> containersPerHost) {
        return hosts.stream()
                .filter(h -> h.up() && !h.cordoned())
                .min(Comparator.<Host>comparingLong(h -> containersPerHost.getOrDefault(h.id(), 0L)).thenComparing(Host::id));
    }

    /** Why no host could be chosen, for the error the user sees. */
    public static String noHostReason(List<Host> hosts) {
        if (hosts.isEmpty()) {
            return "no Berth host has joined: start a runtime-service to run containers";
        }
        long up = hosts.stream().filter(Host::up).count();
        return "no Berth host can take the container: " + up + " of " + hosts.size() + " hosts up, "
                + hosts.stream().filter(h -> h.up() && h.cordoned()).count() + " of those cordoned";
    }
}
