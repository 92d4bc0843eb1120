package io.berth.contracts.container;

/** Docker's restart policy: {@code no}, {@code on-failure[:N]}, {@code always}, {@code unless-stopped}. */
public record RestartPolicy(String name, int maximumRetryCount) {
    public static final RestartPolicy NO = new RestartPolicy("no", 0);

    public RestartPolicy {
        name = name == null || name.isEmpty() ? "no" : name;
        if (!name.equals("no") && !name.equals("on-failure") && !name.equals("always") && !name.equals("unless-stopped")) {
            throw new IllegalArgumentException("invalid restart policy: " + name);
        }
        if (maximumRetryCount < 0) {
            throw new IllegalArgumentException("invalid restart policy: maximum retry count cannot be negative");
        }
        if (maximumRetryCount > 0 && !name.equals("on-failure")) {
            throw new IllegalArgumentException("invalid restart policy: maximum retry count can only be used with 'on-failure'");
        }
    }
}
