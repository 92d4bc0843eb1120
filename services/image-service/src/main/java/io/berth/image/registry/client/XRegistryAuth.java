package io.berth.image.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Docker's {@code X-Registry-Auth} header: base64url of JSON {@code {"username","password","serveraddress",
 * "identitytoken"}}. The CLI pads it; other clients don't, and some use the standard alphabet, so both are accepted.
 * {@code e30=} ({@code {}}) and an absent header mean anonymous.
 */
public record XRegistryAuth(RegistryCredentials credentials, String serverAddress) {

    public static XRegistryAuth decode(String header) {
        if (header == null || header.isBlank()) {
            return new XRegistryAuth(RegistryCredentials.ANONYMOUS, null);
        }
        String urlSafe = header.strip().replace('+', '-').replace('/', '_');
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(urlSafe));
        } catch (IllegalArgumentException | IOException e) {
            throw new IllegalArgumentException("invalid X-Registry-Auth header: " + e.getMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("invalid X-Registry-Auth header: not a JSON object");
        }
        // Go's encoding/json matches field names case-insensitively, so dockerd accepts "Username" too.
        Map<String, String> fields = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : json.properties()) {
            if (field.getValue().isTextual()) {
                fields.put(field.getKey().toLowerCase(Locale.ROOT), field.getValue().asText());
            }
        }
        String username = fields.get("username");
        String password = fields.get("password");
        String auth = fields.get("auth");
        if ((username == null || username.isEmpty()) && auth != null && !auth.isEmpty()) {
            String[] pair = decodeAuthField(auth);
            username = pair[0];
            password = pair[1];
        }
        return new XRegistryAuth(new RegistryCredentials(username, password, fields.get("identitytoken")),
                fields.get("serveraddress"));
    }

    /** The legacy {@code auth} field is base64("user:password"), as in ~/.docker/config.json. */
    private static String[] decodeAuthField(String auth) {
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid X-Registry-Auth header: bad auth field", e);
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid X-Registry-Auth header: auth field is not user:password");
        }
        return new String[] {pair.substring(0, colon), pair.substring(colon + 1)};
    }
}
