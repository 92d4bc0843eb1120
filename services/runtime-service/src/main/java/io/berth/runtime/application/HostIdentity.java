package io.berth.runtime.application;

import io.berth.contracts.types.HostId;
import io.berth.runtime.adapters.linux.HostFactsProbe;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The host this runtime-service is pinned to: {@code berth.host.id} if set, else derived from the machine's name. */
@ApplicationScoped
public class HostIdentity {
    private final HostId id;

    public HostIdentity(@ConfigProperty(name = "berth.host.id") Optional<String> configured) {
        this.id = configured.filter(s -> !s.isBlank()).map(HostId::new)
                .orElseGet(() -> HostId.fromMachineName(new HostFactsProbe(Path.of("/")).hostname()));
    }

    public HostId id() {
        return id;
    }
}
