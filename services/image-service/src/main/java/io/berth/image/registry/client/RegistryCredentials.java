package io.berth.image.registry.client;

/**
 * Credentials for one registry, as Docker's {@code AuthConfig} carries them. An identity token (a refresh token from
 * an earlier login against a token server) replaces username and password in the OAuth flow. Blank values count as
 * absent; with nothing set the client is anonymous.
 */
public record RegistryCredentials(String username, String password, String identityToken) {
    public static final RegistryCredentials ANONYMOUS = new RegistryCredentials(null, null, null);

    public RegistryCredentials {
        username = blankToNull(username);
        password = blankToNull(password);
        identityToken = blankToNull(identityToken);
    }

    public static RegistryCredentials basic(String username, String password) {
        return new RegistryCredentials(username, password, null);
    }

    public boolean isAnonymous() {
        return !hasPassword() && !hasIdentityToken();
    }

    public boolean hasPassword() {
        return username != null && password != null;
    }

    public boolean hasIdentityToken() {
        return identityToken != null;
    }

    /** Never prints secrets: these objects end up in logs through exception messages and debuggers. */
    @Override
    public String toString() {
        return isAnonymous() ? "RegistryCredentials[anonymous]"
                : "RegistryCredentials[username=" + username + (hasIdentityToken() ? ", identityToken=***" : ", password=***") + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
