package io.berth.contracts.envelope;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The name and version a message has on the wire, independent of its Java class name, so that renaming or moving
 * a record can never break replay of events already in the log. The wire type is {@code name + ".v" + version}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WireType {
    String name();

    int version();
}
