package io.berth.image.registry.server;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Users from an Apache htpasswd file with bcrypt entries ({@code htpasswd -B}: {@code user:$2y$…}), the only kind
 * registry:2 accepts too. Read once at start. A verified password is remembered (as a SHA-256 of user and password)
 * for a few minutes, because a push sends Basic credentials with each of its dozens of requests and bcrypt is slow on
 * purpose.
 */
final class Htpasswd {
    private static final Logger LOG = Logger.getLogger(Htpasswd.class);
    private static final long REMEMBER_NANOS = 5L * 60 * 1_000_000_000;
    private static final int REMEMBER_AT_MOST = 10_000;

    private final Map<String, String> hashes;
    private final Map<String, Long> verified = new ConcurrentHashMap<>();

    private Htpasswd(Map<String, String> hashes) {
        this.hashes = Map.copyOf(hashes);
    }

    static Htpasswd read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the registry's htpasswd file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> hashes = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String hash = colon < 0 ? "" : line.substring(colon + 1);
            if (colon <= 0 || !(hash.startsWith("$2y$") || hash.startsWith("$2a$") || hash.startsWith("$2b$"))) {
                LOG.warnf("%s line %d is not a bcrypt entry (make one with htpasswd -B); that user cannot log in", file, i + 1);
                continue;
            }
            hashes.put(line.substring(0, colon), hash);
        }
        if (hashes.isEmpty()) {
            throw new IllegalStateException("the registry's htpasswd file " + file + " has no bcrypt entries (make one with htpasswd -Bbn USER PASSWORD)");
        }
        return new Htpasswd(hashes);
    }

    /** Whether the password is the user's. Slow (bcrypt) unless recently verified: call it off the event loop. */
    boolean verify(String user, String password) {
        String hash = hashes.get(user);
        if (hash == null) {
            return false;
        }
        String key = fingerprint(user, password);
        Long until = verified.get(key);
        if (until != null && until - System.nanoTime() > 0) {
            return true;
        }
        boolean ok = BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
        if (ok) {
            if (verified.size() >= REMEMBER_AT_MOST) {
                verified.clear();
            }
            verified.put(key, System.nanoTime() + REMEMBER_NANOS);
        }
        return ok;
    }

    private static String fingerprint(String user, String password) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((user + '\0' + password).getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
