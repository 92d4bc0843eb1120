package io.berth.image.registry.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens of the built-in token endpoint: random opaque strings kept in memory until they expire, so a restart
 * simply makes clients fetch new ones. Every authenticated user may pull and push every repository, so a token stands
 * for its user, not for a scope.
 */
final class TokenIssuer {
    record Issued(String token, String user, Instant issuedAt, Duration lifetime) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Issued> live = new ConcurrentHashMap<>();
    private final Duration lifetime;
    private final Clock clock;

    TokenIssuer(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
    }

    Issued issue(String user) {
        Instant now = clock.instant();
        live.values().removeIf(t -> !now.isBefore(t.issuedAt().plus(t.lifetime())));
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        Issued issued = new Issued(Base64.getUrlEncoder().withoutPadding().encodeToString(random), user, now, lifetime);
        live.put(issued.token(), issued);
        return issued;
    }

    /** The user a live token was issued to, or null for an unknown or expired one. */
    String userOf(String token) {
        Issued issued = live.get(token);
        if (issued == null) {
            return null;
        }
        if (!clock.instant().isBefore(issued.issuedAt().plus(issued.lifetime()))) {
            live.remove(token);
            return null;
        }
        return issued.user();
    }
}
