package io.berth.image.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gets bearer tokens from a registry's token server (Docker token auth spec) and caches them per realm, service,
 * scopes and credentials until {@code expires_in} (default 60 s) has nearly run out. With an identity token it uses
 * the OAuth2 refresh-token grant (POST), as dockerd does; otherwise GET with Basic credentials or anonymously.
 */
final class BearerTokens {
    static final String CLIENT_ID = "berth";
    private static final int DEFAULT_EXPIRES_IN = 60;
    private static final int MAX_CACHED = 1024;
    private static final int MAX_TOKEN_RESPONSE = 1 << 20;

    private final HttpSender sender;
    private final Clock clock;
    private final Duration deadline;
    private final Map<String, Token> cache = new ConcurrentHashMap<>();

    private record Token(String value, Instant renewAt) {
    }

    BearerTokens(HttpSender sender, Clock clock, Duration deadline) {
        this.sender = sender;
        this.clock = clock;
        this.deadline = deadline;
    }

    String token(String registry, AuthChallenge challenge, Collection<String> scopes, RegistryCredentials credentials)
            throws RegistryException {
        String key = key(challenge, scopes, credentials);
        Token cached = cache.get(key);
        if (cached != null && clock.instant().isBefore(cached.renewAt())) {
            return cached.value();
        }
        Token fresh = fetch(registry, challenge, scopes, credentials);
        if (cache.size() >= MAX_CACHED) {
            Instant now = clock.instant();
            cache.values().removeIf(t -> !now.isBefore(t.renewAt()));
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
        }
        cache.put(key, fresh);
        return fresh.value();
    }

    /** Forgets a token the registry just rejected. */
    void invalidate(AuthChallenge challenge, Collection<String> scopes, RegistryCredentials credentials) {
        cache.remove(key(challenge, scopes, credentials));
    }

    private Token fetch(String registry, AuthChallenge challenge, Collection<String> scopes,
            RegistryCredentials credentials) throws RegistryException {
        String realm = challenge.param("realm");
        String action = "get a bearer token for " + registry + " from " + realm;
        URI realmUri;
        try {
            realmUri = realm == null ? null : URI.create(realm);
        } catch (IllegalArgumentException e) {
            realmUri = null;
        }
        if (realmUri == null || !realmUri.isAbsolute() || realmUri.getHost() == null) {
            throw new RegistryException(RegistryException.describe(action, "the Bearer challenge has no usable realm"),
                    0, List.of());
        }
        String service = challenge.param("service");
        RegistryResponse response;
        try {
            response = sender.send(credentials.hasIdentityToken()
                    ? refreshTokenGrant(realmUri, service, scopes, credentials)
                    : tokenGet(realmUri, service, scopes, credentials));
        } catch (IOException e) {
            throw new RegistryException(RegistryException.describe(action, String.valueOf(e.getMessage())), e);
        }
        if (response.status() != 200) {
            throw ErrorResponses.toException(action, response);
        }
        return parse(action, response);
    }

    private HttpCall tokenGet(URI realm, String service, Collection<String> scopes, RegistryCredentials credentials) {
        List<String> query = new ArrayList<>();
        if (service != null) {
            query.add("service=" + encode(service));
        }
        for (String scope : scopes) {
            query.add("scope=" + encode(scope));
        }
        if (credentials.hasPassword()) {
            query.add("account=" + encode(credentials.username()));
        }
        query.add("client_id=" + CLIENT_ID);
        String separator = realm.getRawQuery() == null ? "?" : "&";
        URI uri = URI.create(realm + separator + String.join("&", query));
        Map<String, String> headers = credentials.hasPassword()
                ? Map.of("Authorization", basic(credentials)) : Map.of();
        return HttpCall.of("GET", uri, headers, deadline, MAX_TOKEN_RESPONSE);
    }

    private HttpCall refreshTokenGrant(URI realm, String service, Collection<String> scopes,
            RegistryCredentials credentials) {
        String form = "grant_type=refresh_token&client_id=" + CLIENT_ID
                + "&refresh_token=" + encode(credentials.identityToken())
                + (service == null ? "" : "&service=" + encode(service))
                + (scopes.isEmpty() ? "" : "&scope=" + encode(String.join(" ", scopes)));
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        return new HttpCall("POST", realm, Map.of(),
                RequestBody.bytes("application/x-www-form-urlencoded", body), deadline,
                info -> BodyReceiver.truncating(MAX_TOKEN_RESPONSE));
    }

    private Token parse(String action, RegistryResponse response) throws RegistryException {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            json = null;
        }
        String value = json == null ? null : firstText(json, "token", "access_token");
        if (value == null) {
            throw new RegistryException(RegistryException.describe(action,
                    "the token server's answer has neither token nor access_token"), response.status(), List.of());
        }
        int expiresIn = json.path("expires_in").asInt(DEFAULT_EXPIRES_IN);
        if (expiresIn <= 0) {
            expiresIn = DEFAULT_EXPIRES_IN;
        }
        // Renew a little early (10%, at most 10 s) so a token does not expire between cache and registry.
        long margin = Math.min(10, expiresIn / 10);
        return new Token(value, clock.instant().plusSeconds(expiresIn - margin));
    }

    private static String firstText(JsonNode json, String... fields) {
        for (String field : fields) {
            JsonNode node = json.get(field);
            if (node != null && node.isTextual() && !node.asText().isEmpty()) {
                return node.asText();
            }
        }
        return null;
    }

    static String basic(RegistryCredentials credentials) {
        String pair = credentials.username() + ":" + credentials.password();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Credentials enter the key only as a hash, so the cache's keys reveal nothing. */
    private static String key(AuthChallenge challenge, Collection<String> scopes, RegistryCredentials credentials) {
        String secret = credentials.username() + "\0" + credentials.password() + "\0" + credentials.identityToken();
        String who = HexFormat.of().formatHex(Digests.newHasher("sha256")
                .digest(secret.getBytes(StandardCharsets.UTF_8)));
        return challenge.param("realm") + "|" + challenge.param("service") + "|" + String.join(" ", scopes) + "|" + who;
    }
}
