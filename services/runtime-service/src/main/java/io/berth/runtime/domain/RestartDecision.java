package io.berth.runtime.domain;

import io.berth.contracts.container.RestartPolicy;
import java.time.Duration;
import java.time.Instant;

/**
 * Docker's restart rules, as its restart manager applies them when a container exits:
 * <ul>
 *   <li>{@code no} never restarts; a manual stop ({@code docker stop}, a stopping {@code docker kill}) never does.</li>
 *   <li>{@code on-failure[:N]} restarts on a non-zero exit code, at most N times when N &gt; 0.</li>
 *   <li>{@code always} and {@code unless-stopped} restart on any exit (they differ only when the daemon itself
 *       starts again, where a stopped {@code unless-stopped} container stays stopped).</li>
 *   <li>The delay starts at 100 ms and doubles with each restart, capped at one minute; a run of at least 10 s
 *       resets it to 100 ms.</li>
 * </ul>
 */
public record RestartDecision(boolean restart, long delayMillis, String reason) {
    static final long INITIAL_DELAY_MILLIS = 100;
    static final long MAX_DELAY_MILLIS = 60_000;
    static final Duration RESET_AFTER = Duration.ofSeconds(10);

    static RestartDecision decide(RestartPolicy policy, int exitCode, boolean manuallyStopped, int restartCount,
                                  long lastDelayMillis, Instant startedAt, Instant finishedAt) {
        String name = policy.name();
        if (name.equals("no")) {
            return new RestartDecision(false, 0, "restart policy is no");
        }
        if (manuallyStopped) {
            return new RestartDecision(false, 0, "stopped by the user");
        }
        if (name.equals("on-failure")) {
            if (exitCode == 0) {
                return new RestartDecision(false, 0, "exited with code 0; on-failure restarts only on failure");
            }
            if (policy.maximumRetryCount() > 0 && restartCount >= policy.maximumRetryCount()) {
                return new RestartDecision(false, 0, "maximum retry count " + policy.maximumRetryCount() + " reached");
            }
        }
        boolean ranLongEnough = startedAt != null && finishedAt != null
                && Duration.between(startedAt, finishedAt).compareTo(RESET_AFTER) >= 0;
        long delay = ranLongEnough || lastDelayMillis == 0
                ? INITIAL_DELAY_MILLIS
                : Math.min(lastDelayMillis * 2, MAX_DELAY_MILLIS);
        return new RestartDecision(true, delay, "restart policy " + name + ": exited with code " + exitCode
                + (ranLongEnough ? " after running at least 10s (backoff reset)" : ""));
    }
}
