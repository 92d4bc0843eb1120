package io.berth.runtime.domain;

import io.berth.contracts.host.HostFacts;

/** What the host aggregate needs to decide: whether it has joined, left, or is cordoned. */
public record HostState(boolean joined, boolean left, boolean cordoned, HostFacts facts) {
    public static final HostState UNKNOWN = new HostState(false, false, false, null);
}
