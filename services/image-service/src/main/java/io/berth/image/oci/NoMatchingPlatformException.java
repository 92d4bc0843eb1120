package io.berth.image.oci;

import java.util.List;
import java.util.stream.Collectors;

/** An index has no manifest this platform can run; the message lists what it does offer. */
public class NoMatchingPlatformException extends RuntimeException {
    private final transient Platform wanted;
    private final transient List<Platform> available;

    public NoMatchingPlatformException(Platform wanted, List<Platform> available) {
        super("no matching manifest for " + wanted + " in the manifest list entries (available: "
                + (available.isEmpty() ? "none" : available.stream().map(Platform::toString).collect(Collectors.joining(", ")))
                + ")");
        this.wanted = wanted;
        this.available = List.copyOf(available);
    }

    public Platform wanted() {
        return wanted;
    }

    public List<Platform> available() {
        return available;
    }
}
