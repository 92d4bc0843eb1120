package io.berth.contracts.envelope;

/** The kinds of aggregate in Berth; each has exactly one owning service. */
public enum AggregateType {
    HOST("host"),
    CONTAINER("container"),
    IMAGE("image"),
    /** A repository of Berth's registry (the {@code /v2/} API); id = repository name. */
    REPOSITORY("repository"),
    BUILD("build");

    private final String wire;

    AggregateType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static AggregateType fromWire(String wire) {
        for (AggregateType t : values()) {
            if (t.wire.equals(wire)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown aggregate type: " + wire);
    }
}
