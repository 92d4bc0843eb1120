package io.berth.image.oci;

import java.util.List;

/**
 * The platform an image runs on, as in an index entry or an image config.
 *
 * @param variant    CPU variant, e.g. {@code v8} for arm64; null if none
 * @param osVersion  the JSON field {@code os.version}; null if none
 * @param osFeatures the JSON field {@code os.features}; empty if none
 */
public record Platform(String architecture, String os, String variant, String osVersion, List<String> osFeatures) {
    public static final Platform LINUX_AMD64 = of("linux", "amd64");
    public static final Platform LINUX_ARM64 = of("linux", "arm64");

    public Platform {
        requireText(architecture, "architecture");
        requireText(os, "os");
        variant = blankToNull(variant);
        osVersion = blankToNull(osVersion);
        osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
    }

    public static Platform of(String os, String architecture) {
        return new Platform(architecture, os, null, null, List.of());
    }

    /** Parses Docker's {@code os/arch[/variant]} notation, e.g. {@code linux/arm64/v8}. */
    public static Platform parse(String value) {
        String[] parts = value == null ? new String[0] : value.split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("invalid platform \"" + value + "\": expected os/arch[/variant], e.g. linux/amd64");
        }
        return new Platform(parts[1], parts[0], parts.length == 3 ? parts[2] : null, null, List.of());
    }

    public Platform withVariant(String newVariant) {
        return new Platform(architecture, os, newVariant, osVersion, osFeatures);
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("platform " + field + " is required");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
