package io.berth.gateway.api.docker;

import io.berth.gateway.projection.ContainersQuery.Container;
import java.time.Duration;
import java.time.Instant;

/** The human status {@code docker ps} prints, made by the server as dockerd's {@code State.String()} does. */
final class ContainerStatusText {
    private ContainerStatusText() {
    }

    static String of(Container c, Instant now) {
        switch (c.status()) {
            case "running":
                return "Up " + humanDuration(Duration.between(c.startedAt(), now));
            case "restarting":
                return "Restarting (" + c.exitCode() + ") " + ago(c.finishedAt(), now);
            case "removing":
                return "Removal In Progress";
            case "dead":
                return "Dead";
            default:
                if (c.startedAt() == null) {
                    return "Created";
                }
                return "Exited (" + c.exitCode() + ") " + ago(c.finishedAt(), now);
        }
    }

    private static String ago(Instant then, Instant now) {
        return humanDuration(then == null ? Duration.ZERO : Duration.between(then, now)) + " ago";
    }

    /** go-units' {@code HumanDuration}, word for word. */
    static String humanDuration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = (long) (d.toMillis() / 3_600_000.0 + 0.5); // go-units rounds hours to the nearest
        if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return d.toHours() / 24 / 365 + " years";
    }
}
