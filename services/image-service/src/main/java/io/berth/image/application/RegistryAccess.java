package io.berth.image.application;

import io.berth.image.registry.client.RegistryAccessPolicy;
import io.berth.image.registry.client.RegistryClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One registry client and one access policy for login, push and pull, like Docker's {@code insecure-registries}:
 * plain HTTP only for the registries listed in {@code berth.registry.insecure} and for loopback.
 */
public class RegistryAccess {
    @Produces
    @Singleton
    RegistryClient registryClient(@ConfigProperty(name = "berth.registry.insecure") Optional<List<String>> insecure) {
        return new RegistryClient(new RegistryAccessPolicy(insecure.orElse(List.of())));
    }
}
