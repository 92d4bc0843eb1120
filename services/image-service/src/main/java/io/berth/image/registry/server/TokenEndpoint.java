package io.berth.image.registry.server;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /v2/token?service=&scope=}: the built-in token server of Docker's token flow. It takes Basic credentials of
 * an htpasswd user and answers {@code {"token","access_token","expires_in","issued_at"}}; anonymous requests get a 401
 * with a Basic challenge. Only served while auth is on.
 */
@ApplicationScoped
class TokenEndpoint {
    private final RegistryAuth auth;

    TokenEndpoint(RegistryAuth auth) {
        this.auth = auth;
    }

    void issue(RegistryExchange ex) {
        if (!auth.enabled()) {
            RegistryResponses.pageNotFound(ex);
            return;
        }
        String user = auth.userOf(ex.header("Authorization"), false);
        if (user == null) {
            ex.response().putHeader("WWW-Authenticate", auth.basicChallenge());
            throw new RegistryException(RegistryError.UNAUTHORIZED, "the token endpoint needs Basic credentials of a registry user", null);
        }
        TokenIssuer.Issued token = auth.tokens().issue(user);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token.token());
        body.put("access_token", token.token());
        body.put("expires_in", token.lifetime().toSeconds());
        body.put("issued_at", DateTimeFormatter.ISO_INSTANT.format(token.issuedAt()));
        RegistryResponses.json(ex, 200, body);
    }
}
