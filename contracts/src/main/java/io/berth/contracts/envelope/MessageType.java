package io.berth.contracts.envelope;

import java.util.regex.Pattern;

/** A wire type such as {@code host.joined.v1}: a dotted lower-case name and a version of at least 1. */
public record MessageType(String name, int version) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");
    private static final Pattern WIRE = Pattern.compile("(.+)\\.v([1-9][0-9]*)");

    public MessageType {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid message type name: " + name);
        }
        if (version < 1) {
            throw new IllegalArgumentException("invalid version " + version + " for message type " + name);
        }
    }

    public static MessageType parse(String wire) {
        var m = WIRE.matcher(wire == null ? "" : wire);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid wire type '" + wire + "': expected <name>.v<version>");
        }
        return new MessageType(m.group(1), Integer.parseInt(m.group(2)));
    }

    public static MessageType of(Class<?> messageClass) {
        WireType wt = messageClass.getAnnotation(WireType.class);
        if (wt == null) {
            throw new IllegalArgumentException(messageClass.getName() + " has no @WireType");
        }
        return new MessageType(wt.name(), wt.version());
    }

    public String wire() {
        return name + ".v" + version;
    }

    @Override
    public String toString() {
        return wire();
    }
}
