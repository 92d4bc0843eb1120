package io.berth.image.registry.server;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Who may use {@code /v2/}. Off unless {@code berth.registry.htpasswd} names a bcrypt htpasswd file; then every request
 * needs Basic credentials of one of its users or a Bearer token from {@code GET /v2/token}. {@code berth.registry.auth}
 * chooses the challenge of a 401: {@code basic} (the default with an htpasswd file, as registry:2 answers) or
 * {@code token} (a Bearer challenge pointing at the built-in token endpoint); {@code none} turns auth off.
 * Authenticated users may pull and push every repository: there are no per-repository permissions.
 */
@ApplicationScoped
class RegistryAuth {
    enum Mode { NONE, BASIC, TOKEN }

    private static final Logger LOG = Logger.getLogger(RegistryAuth.class);

    private final Mode mode;
    private final Htpasswd users;
    private final TokenIssuer tokens;
    private final String realm;
    private final String service;
    /** The token endpoint's URL when clients reach the registry through a proxy; else built from the request's Host. */
    private final String tokenRealm;

    RegistryAuth(@ConfigProperty(name = "berth.registry.htpasswd") Optional<Path> htpasswd,
                 @ConfigProperty(name = "berth.registry.auth") Optional<String> auth,
                 @ConfigProperty(name = "berth.registry.token-lifetime", defaultValue = "5m") Duration tokenLifetime,
                 @ConfigProperty(name = "berth.registry.realm", defaultValue = "Berth registry") String realm,
                 @ConfigProperty(name = "berth.registry.service", defaultValue = "berth") String service,
                 @ConfigProperty(name = "berth.registry.token-realm") Optional<String> tokenRealm) {
        this.mode = mode(auth, htpasswd.isPresent());
        this.users = mode == Mode.NONE ? null : Htpasswd.read(htpasswd.orElseThrow(() -> new IllegalStateException(
                "berth.registry.auth=" + auth.orElse("") + " needs berth.registry.htpasswd, a file made with htpasswd -Bbn USER PASSWORD")));
        this.tokens = new TokenIssuer(tokenLifetime, Clock.systemUTC());
        this.realm = realm;
        this.service = service;
        this.tokenRealm = tokenRealm.orElse(null);
        LOG.infof("registry auth: %s", mode == Mode.NONE ? "none (loopback use only)" : mode.name().toLowerCase(Locale.ROOT)
                + " with the users of " + htpasswd.get());
    }

    private static Mode mode(Optional<String> auth, boolean haveUsers) {
        if (auth.isEmpty() || auth.get().isBlank()) {
            return haveUsers ? Mode.BASIC : Mode.NONE;
        }
        try {
            return Mode.valueOf(auth.get().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("berth.registry.auth must be none, basic or token, not \"" + auth.get() + "\"");
        }
    }

    boolean enabled() {
        return mode != Mode.NONE;
    }

    TokenIssuer tokens() {
        return tokens;
    }

    String service() {
        return service;
    }

    /**
     * Lets the request through (recording its user) or throws UNAUTHORIZED with the challenge header set.
     * {@code scope} is what the request needs, e.g. {@code repository:demo:pull}, or null for {@code /v2/} itself.
     */
    void authenticate(RegistryExchange ex, String scope) {
        if (mode == Mode.NONE) {
            return;
        }
        String user = userOf(ex.header("Authorization"), true);
        if (user != null) {
            ex.authenticatedAs(user);
            return;
        }
        ex.response().putHeader("WWW-Authenticate", challenge(ex, scope));
        throw new RegistryException(RegistryError.UNAUTHORIZED, null);
    }

    /** The user of Basic credentials (and, if {@code bearerToo}, of a live Bearer token); null if none is valid. */
    String userOf(String authorization, boolean bearerToo) {
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return null;
            }
            String user = decoded.substring(0, colon);
            return users.verify(user, decoded.substring(colon + 1)) ? user : null;
        }
        if (bearerToo && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return tokens.userOf(authorization.substring(7).trim());
        }
        return null;
    }

    /** The WWW-Authenticate value of a 401 for this mode. */
    String challenge(RegistryExchange ex, String scope) {
        if (mode == Mode.TOKEN) {
            String realmUrl = tokenRealm != null ? tokenRealm : ex.scheme() + "://" + ex.hostHeader() + "/v2/token";
            String value = "Bearer realm=\"" + realmUrl + "\",service=\"" + service + "\"";
            return scope == null ? value : value + ",scope=\"" + scope + "\"";
        }
        return basicChallenge();
    }

    String basicChallenge() {
        return "Basic realm=\"" + realm + "\"";
    }
}
