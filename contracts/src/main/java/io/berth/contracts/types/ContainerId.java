package io.berth.contracts.types;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A container id as Docker has it: 64 lower-case hex characters, shown as its first 12. */
public record ContainerId(String value) {
    private static final Pattern VALID = Pattern.compile("[a-f0-9]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public ContainerId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid container id: " + value);
        }
    }

    public static ContainerId random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return new ContainerId(HexFormat.of().formatHex(b));
    }

    public String shortId() {
        return value.substring(0, 12);
    }

    @Override
    public String toString() {
        return value;
    }
}
