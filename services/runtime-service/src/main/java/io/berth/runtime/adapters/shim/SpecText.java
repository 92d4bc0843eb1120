package io.berth.runtime.adapters.shim;

/** Checks for strings that go into the NUL-separated spec file. */
final class SpecText {
    private SpecText() {
    }

    static void requireNoNul(String what, String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " must not contain a NUL character");
        }
    }
}
