package io.berth.image.registry.server;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Test profiles that turn registry auth on with an htpasswd file made by the real {@code htpasswd -Bbn}. */
final class HtpasswdProfiles {
    static final String USER = "testuser";
    static final String PASSWORD = "testpassword";

    private HtpasswdProfiles() {
    }

    /** Basic auth, the default once an htpasswd file is configured. */
    public static final class Basic implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("berth.registry.htpasswd", htpasswdFile().toString());
        }
    }

    /** Bearer challenges pointing at the built-in token endpoint. */
    public static final class Token implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("berth.registry.htpasswd", htpasswdFile().toString(), "berth.registry.auth", "token");
        }
    }

    static Path htpasswdFile() {
        try {
            Path file = Files.createTempFile("berth-registry-", ".htpasswd");
            file.toFile().deleteOnExit();
            Files.writeString(file, entry());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code htpasswd -Bbn} (apache2-utils) as an operator would run it; bcrypt from the library only if it is missing. */
    private static String entry() throws IOException {
        Path htpasswd = Path.of("/usr/bin/htpasswd");
        if (Files.isExecutable(htpasswd)) {
            Process p = new ProcessBuilder(htpasswd.toString(), "-Bbn", USER, PASSWORD).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && out.startsWith(USER + ":$2y$")) {
                    return out.strip() + "\n";
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("htpasswd -Bbn failed: " + out);
        }
        System.out.println("htpasswd (apache2-utils) is not installed; making the $2y$ entry with the bcrypt library instead");
        return USER + ":" + new String(BCrypt.with(BCrypt.Version.VERSION_2Y).hash(5, PASSWORD.toCharArray()), StandardCharsets.UTF_8) + "\n";
    }
}
