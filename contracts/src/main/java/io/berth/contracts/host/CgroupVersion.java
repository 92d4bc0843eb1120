package io.berth.contracts.host;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which cgroup hierarchy a host offers: only v1 controllers, only the unified v2 tree, or v1 controllers beside a v2 mount. */
public enum CgroupVersion {
    V1("v1"), V2("v2"), HYBRID("hybrid");

    private final String wire;

    CgroupVersion(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static CgroupVersion fromWire(String wire) {
        for (CgroupVersion v : values()) {
            if (v.wire.equals(wire)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown cgroup version: " + wire);
    }
}
