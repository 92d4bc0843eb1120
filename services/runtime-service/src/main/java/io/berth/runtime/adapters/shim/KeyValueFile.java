package io.berth.runtime.adapters.shim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Reads the monitor's small {@code key=value} line files ({@code state}, {@code exit}). */
final class KeyValueFile {
    private final Map<String, String> values;

    private KeyValueFile(Map<String, String> values) {
        this.values = values;
    }

    /** Empty when the file does not exist (yet). */
    static Optional<KeyValueFile> read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return Optional.of(new KeyValueFile(values));
    }

    long number(String key) throws IOException {
        String value = values.get(key);
        if (value == null) {
            throw new IOException("missing " + key);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IOException("not a number: " + key + "=" + value, e);
        }
    }

    Instant nanosSinceEpoch(String key) throws IOException {
        long ns = number(key);
        return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
    }
}
