package io.berth.image.registry.client;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Authentication for one operation against one registry. It learns the registry's scheme from the 401 challenge of
 * the initial {@code GET /v2/} (as dockerd does) and then authenticates every request up front: Basic with the
 * credentials, or a bearer token for the operation's scopes (e.g. {@code repository:demo:pull,push}). After a 401 it
 * says whether one retry with fresh authorization is worth it.
 */
final class RegistryAuthenticator {
    private final String registry;
    private final RegistryCredentials credentials;
    private final List<String> scopes;
    private final BearerTokens tokens;
    private volatile AuthChallenge challenge;

    RegistryAuthenticator(String registry, RegistryCredentials credentials, List<String> scopes, BearerTokens tokens) {
        this.registry = registry;
        this.credentials = credentials;
        this.scopes = List.copyOf(scopes);
        this.tokens = tokens;
    }

    RegistryCredentials credentials() {
        return credentials;
    }

    /** Remembers the preferred challenge among {@code WWW-Authenticate} values; false if none is usable. */
    boolean learn(List<String> wwwAuthenticate) {
        List<AuthChallenge> all = AuthChallenge.parseAll(wwwAuthenticate);
        Optional<AuthChallenge> chosen = all.stream().filter(AuthChallenge::isBearer).findFirst()
                .or(() -> all.stream().filter(AuthChallenge::isBasic).findFirst());
        chosen.ifPresent(c -> challenge = c);
        return chosen.isPresent();
    }

    /** The Authorization header value for the next request to the registry, if any is due. */
    Optional<String> authorization() throws RegistryException {
        AuthChallenge c = challenge;
        if (c == null) {
            return Optional.empty();
        }
        if (c.isBasic()) {
            return credentials.hasPassword() ? Optional.of(BearerTokens.basic(credentials)) : Optional.empty();
        }
        return Optional.of("Bearer " + tokens.token(registry, c, scopesFor(c), credentials));
    }

    /**
     * After a 401: whether retrying once is worthwhile. Basic credentials that were already sent won't improve; a
     * bearer token may have expired early or lacked a scope the registry now names, so it is fetched afresh.
     */
    boolean shouldRetry(List<String> wwwAuthenticate, boolean sentAuthorization) {
        AuthChallenge before = challenge;
        if (!learn(wwwAuthenticate)) {
            return false;
        }
        AuthChallenge now = challenge;
        if (now.isBasic()) {
            return credentials.hasPassword() && !sentAuthorization;
        }
        if (before != null && before.isBearer()) {
            tokens.invalidate(before, scopesFor(before), credentials);
        }
        tokens.invalidate(now, scopesFor(now), credentials);
        return true;
    }

    /** The operation's scopes plus any the registry asked for in its challenge. */
    private List<String> scopesFor(AuthChallenge c) {
        Set<String> all = new LinkedHashSet<>(scopes);
        String asked = c.param("scope");
        if (asked != null) {
            for (String scope : asked.split(" ")) {
                if (!scope.isBlank()) {
                    all.add(scope);
                }
            }
        }
        return List.copyOf(all);
    }
}
