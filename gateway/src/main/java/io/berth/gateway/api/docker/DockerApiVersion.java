package io.berth.gateway.api.docker;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Docker Engine API versions the gateway speaks. The docker CLI uses min(its own, {@link #MAX}); CLI 29 and
 * newer refuse servers below 1.44. Requests may carry a {@code /v1.NN} prefix anywhere in [{@link #MIN}, {@link #MAX}].
 */
public final class DockerApiVersion {
    public static final String MAX = "1.47";
    public static final String MIN = "1.24";
    private static final Pattern PREFIX = Pattern.compile("^/v(\\d+)\\.(\\d+)(/.*)$");

    private DockerApiVersion() {
    }

    /** The path with its version prefix, or null when the path has none. */
    public static Matcher prefix(String path) {
        Matcher m = PREFIX.matcher(path);
        return m.matches() ? m : null;
    }

    public static int compare(int major, int minor, String version) {
        String[] p = version.split("\\.");
        int c = Integer.compare(major, Integer.parseInt(p[0]));
        return c != 0 ? c : Integer.compare(minor, Integer.parseInt(p[1]));
    }
}
