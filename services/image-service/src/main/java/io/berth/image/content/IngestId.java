package io.berth.image.content;

import java.security.SecureRandom;

/**
 * Ingest ids become file names under {@code ingest/} and arrive back from clients (upload URLs), so
 * only ids of exactly this shape are ever turned into paths: no separators, no dots, no case games.
 */
final class IngestId {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int LENGTH = 32; // ~165 random bits: unguessable, so an upload URL is a capability
    private static final SecureRandom RANDOM = new SecureRandom();

    private IngestId() {
    }

    static String random() {
        char[] id = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            id[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(id);
    }

    static boolean isValid(String id) {
        if (id == null || id.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}
