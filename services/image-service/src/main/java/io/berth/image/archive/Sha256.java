package io.berth.image.archive;

import io.berth.contracts.types.Digest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

final class Sha256 {
    private Sha256() {
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static Digest of(byte[] data) {
        return Digest.sha256(newDigest().digest(data));
    }
}
