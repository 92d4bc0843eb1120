package io.berth.runtime.adapters.shim;

import com.sun.jna.LastErrorException;
import io.berth.runtime.adapters.linux.Libc;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Signal names as Docker accepts them ({@code docker kill --signal}, {@code StopSignal}), and sending one. */
public final class Signals {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private static final int SIGRTMIN = 34;
    private static final int SIGRTMAX = 64;
    private static final int ESRCH = 3;

    /** Linux x86/arm numbering: the name Docker's signal package gives each number 1–31 (without "SIG"). */
    private static final String[] STANDARD = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
        "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
        "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};

    /** Every accepted name: the standard ones, their aliases, and the real-time bounds. */
    private static final Map<String, Integer> NAMES = names();

    private static Map<String, Integer> names() {
        Map<String, Integer> names = new HashMap<>();
        for (int n = 1; n < STANDARD.length; n++) {
            names.put(STANDARD[n], n);
        }
        names.putAll(Map.of("IOT", 6, "CLD", 17, "POLL", 29, "UNUSED", 31, "RTMIN", SIGRTMIN, "RTMAX", SIGRTMAX));
        return Map.copyOf(names);
    }

    private Signals() {
    }

    /**
     * Parses {@code SIGTERM}, {@code TERM}, {@code term}, {@code 15}, {@code SIGRTMIN+3} or {@code RTMAX-2}.
     *
     * @throws IllegalArgumentException {@code Invalid signal: <text>}, Docker's wording
     */
    public static int parse(String text) {
        String name = text.trim().toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        Integer number = NAMES.get(name);
        if (number == null) {
            number = numeric(name);
        }
        if (number == null) {
            number = realtime(name);
        }
        if (number == null || number < 1 || number > SIGRTMAX) {
            throw new IllegalArgumentException("Invalid signal: " + text);
        }
        return number;
    }

    /**
     * One spelling per signal ({@code SIGKILL}), so that "KILL", "9" and "sigkill" compare equal in events.
     *
     * @throws IllegalArgumentException {@code Invalid signal: <text>}
     */
    public static String canonicalName(String text) {
        int number = parse(text);
        if (number < STANDARD.length) {
            return "SIG" + STANDARD[number];
        }
        String up = text.trim().toUpperCase(Locale.ROOT);
        return up.startsWith("SIG") ? up : "SIG" + up;
    }

    private static Integer numeric(String name) {
        if (name.isEmpty() || !name.chars().allMatch(Character::isDigit) || name.length() > 3) {
            return null;
        }
        return Integer.parseInt(name);
    }

    /** RTMIN+n and RTMAX-n, staying inside the real-time range. */
    private static Integer realtime(String name) {
        int sign = name.indexOf('+') > 0 ? 1 : name.indexOf('-') > 0 ? -1 : 0;
        if (sign == 0) {
            return null;
        }
        int at = sign > 0 ? name.indexOf('+') : name.indexOf('-');
        String base = name.substring(0, at);
        Integer offset = numeric(name.substring(at + 1));
        if (offset == null || (sign > 0 && !base.equals("RTMIN")) || (sign < 0 && !base.equals("RTMAX"))) {
            return null;
        }
        int number = (sign > 0 ? SIGRTMIN : SIGRTMAX) + sign * offset;
        return number >= SIGRTMIN && number <= SIGRTMAX ? number : null;
    }

    /**
     * Sends {@code signal} to the process {@code pid} (host pid namespace).
     *
     * @return false when no such process exists any more
     * @throws IllegalArgumentException for a pid below 1 (kill(2) would target process groups or everything)
     * @throws IOException              for any other failure, with its errno
     */
    public static boolean send(long pid, int signal) throws IOException {
        if (pid < 1 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a single process id: " + pid);
        }
        if (signal < 1 || signal > SIGRTMAX) {
            throw new IllegalArgumentException("Invalid signal: " + signal);
        }
        try {
            Libc.INSTANCE.kill((int) pid, signal);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ESRCH) {
                return false;
            }
            throw new IOException("kill(" + pid + ", " + signal + ") failed with errno " + e.getErrorCode(), e);
        }
    }
}
