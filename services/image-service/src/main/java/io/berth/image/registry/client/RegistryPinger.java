package io.berth.image.registry.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens sessions the way dockerd does: an anonymous {@code GET /v2/} on each candidate endpoint (HTTPS first, then
 * plain HTTP for insecure registries) until one answers like a registry (200, or 401 with its challenge). The
 * endpoint that worked is remembered and tried first next time, so a plain-HTTP registry costs the failed TLS probe
 * once, not on every operation.
 */
final class RegistryPinger {
    private static final long PING_BODY_LIMIT = 64 << 10;

    private final HttpSender sender;
    private final RegistryClientSettings settings;
    private final Map<String, RegistryEndpoint> lastWorking = new ConcurrentHashMap<>();

    RegistryPinger(HttpSender sender, RegistryClientSettings settings) {
        this.sender = sender;
        this.settings = settings;
    }

    RegistrySession open(String registry, RegistryAuthenticator authenticator) throws RegistryException {
        List<String> failures = new ArrayList<>();
        RegistryException lastError = null;
        for (RegistryEndpoint endpoint : candidates(registry)) {
            try {
                RegistryResponse response = sender.send(HttpCall.of("GET", endpoint.resolve("/v2/"), Map.of(),
                        settings.requestTimeout(), PING_BODY_LIMIT));
                if (response.status() == 401 && authenticator.learn(response.challenges())
                        || response.status() / 100 == 2) {
                    lastWorking.put(registry, endpoint);
                    return new RegistrySession(endpoint, authenticator, sender, settings);
                }
                lastError = ErrorResponses.toException("reach the registry API at " + endpoint + "/v2/", response);
                failures.add(endpoint + ": " + ErrorResponses.reason(response, lastError.errors()));
            } catch (IOException e) {
                failures.add(endpoint + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            }
        }
        if (failures.size() == 1 && lastError != null) {
            throw lastError;
        }
        throw new RegistryException(RegistryException.describe("reach registry " + registry,
                String.join("; ", failures)), lastError == null ? 0 : lastError.statusCode(),
                lastError == null ? List.of() : lastError.errors());
    }

    private List<RegistryEndpoint> candidates(String registry) {
        List<RegistryEndpoint> candidates = new ArrayList<>(sender.policy().candidates(registry));
        RegistryEndpoint known = lastWorking.get(registry);
        if (known != null && candidates.remove(known)) {
            candidates.add(0, known);
        }
        return candidates;
    }
}
