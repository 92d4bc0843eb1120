package io.berth.contracts.types;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The id of a container host. It is part of topic names ({@code berth.runtime.<host>.commands}), so it is limited
 * to lower-case letters, digits and dashes.
 */
public record HostId(String value) {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public HostId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid host id '" + value
                    + "': use 1 to 63 lower-case letters, digits and dashes, starting with a letter or digit");
        }
    }

    /** A host id made from any machine name: lower-cased, other characters turned into dashes. */
    public static HostId fromMachineName(String name) {
        String s = name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        s = s.replaceAll("^-+", "").replaceAll("-+$", "");
        if (s.isEmpty()) {
            s = "host";
        }
        return new HostId(s.length() > 63 ? s.substring(0, 63).replaceAll("-+$", "") : s);
    }

    @Override
    public String toString() {
        return value;
    }
}
