package io.berth.image.oci;

import java.time.Duration;
import java.util.List;

/**
 * Docker's HEALTHCHECK, as stored in an image config (not part of the OCI spec). Durations are
 * nanoseconds on the wire. Null means "not set", so the runtime default applies.
 *
 * @param test {@code ["NONE"]}, {@code ["CMD", arg…]} or {@code ["CMD-SHELL", command]}
 */
public record Healthcheck(List<String> test, Duration interval, Duration timeout, Duration startPeriod,
                          Duration startInterval, Integer retries) {

    public Healthcheck {
        test = test == null ? List.of() : List.copyOf(test);
    }

    /** HEALTHCHECK NONE: disables a check inherited from the base image. */
    public static Healthcheck none() {
        return new Healthcheck(List.of("NONE"), null, null, null, null, null);
    }
}
