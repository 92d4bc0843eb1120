package io.berth.image.registry.client;

import io.berth.contracts.types.Digest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hashing for the two algorithms {@link Digest} admits. */
final class Digests {
    private Digests() {
    }

    static MessageDigest newHasher(String algorithm) {
        try {
            return MessageDigest.getInstance(switch (algorithm) {
                case "sha256" -> "SHA-256";
                case "sha512" -> "SHA-512";
                default -> throw new IllegalArgumentException("unsupported digest algorithm " + algorithm);
            });
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    static Digest finish(String algorithm, MessageDigest hasher) {
        return new Digest(algorithm, HexFormat.of().formatHex(hasher.digest()));
    }

    static Digest of(String algorithm, byte[] bytes) {
        MessageDigest hasher = newHasher(algorithm);
        hasher.update(bytes);
        return finish(algorithm, hasher);
    }

    static Digest sha256(byte[] bytes) {
        return of("sha256", bytes);
    }
}
