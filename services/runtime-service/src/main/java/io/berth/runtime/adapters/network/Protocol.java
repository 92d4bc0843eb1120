package io.berth.runtime.adapters.network;

import java.util.Locale;

/** The transport of a published port, spelled on the wire as Docker does ({@code 80/tcp}, {@code 53/udp}). */
public enum Protocol {
    TCP,
    UDP;

    /** Lower-case name used in {@code -p} specs, {@code PortBindings} keys and {@code ps} output. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
