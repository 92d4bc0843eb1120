package io.berth.runtime.application.containers;

import io.berth.runtime.adapters.shim.Signals;
import java.util.Locale;

/** One spelling per signal ({@code SIGKILL}), so that "KILL", "9" and "sigkill" compare equal in events. */
final class SignalNames {
    private static final String[] STANDARD = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
        "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
        "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};

    private SignalNames() {
    }

    /** @throws IllegalArgumentException {@code Invalid signal: …} */
    static String canonical(String text) {
        int number = Signals.parse(text);
        if (number < STANDARD.length) {
            return "SIG" + STANDARD[number];
        }
        String up = text.trim().toUpperCase(Locale.ROOT);
        return up.startsWith("SIG") ? up : "SIG" + up;
    }
}
