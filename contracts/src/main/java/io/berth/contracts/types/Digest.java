package io.berth.contracts.types;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** A content digest in OCI form, {@code sha256:<64 lower-case hex>}; the only algorithm Berth writes. */
public record Digest(String algorithm, String hex) {
    private static final Pattern SHA256_HEX = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA512_HEX = Pattern.compile("[a-f0-9]{128}");

    public Digest {
        if (!("sha256".equals(algorithm) && hex != null && SHA256_HEX.matcher(hex).matches())
                && !("sha512".equals(algorithm) && hex != null && SHA512_HEX.matcher(hex).matches())) {
            throw new IllegalArgumentException("invalid digest: " + algorithm + ":" + hex);
        }
    }

    @JsonCreator
    public static Digest parse(String value) {
        int colon = value == null ? -1 : value.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid digest: " + value + " (expected sha256:<hex>)");
        }
        return new Digest(value.substring(0, colon), value.substring(colon + 1));
    }

    public static Digest sha256(byte[] hash) {
        if (hash.length != 32) {
            throw new IllegalArgumentException("a sha256 hash has 32 bytes, not " + hash.length);
        }
        StringBuilder sb = new StringBuilder(64);
        for (byte b : hash) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return new Digest("sha256", sb.toString());
    }

    /** The 12-character short form Docker prints. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @JsonValue
    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
