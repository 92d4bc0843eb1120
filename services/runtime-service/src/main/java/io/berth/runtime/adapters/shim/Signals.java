package io.berth.runtime.adapters.shim;

import com.sun.jna.LastErrorException;
import io.berth.runtime.adapters.linux.Libc;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/** Signal names as Docker accepts them ({@code docker kill --signal}, {@code StopSignal}), and sending one. */
public final class Signals {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private static final int SIGRTMIN = 34;
    private static final int SIGRTMAX = 64;
    private static final int ESRCH = 3;

    /** Linux x86/arm numbering, the names Docker's signal package knows (without "SIG"). */
    private static final Map<String, Integer> NAMES = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7),
            Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11),
            Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15),
            Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CLD", 17), Map.entry("CONT", 18),
            Map.entry("STOP", 19), Map.entry("TSTP", 20), Map.entry("TTIN", 21), Map.entry("TTOU", 22),
            Map.entry("URG", 23), Map.entry("XCPU", 24), Map.entry("XFSZ", 25), Map.entry("VTALRM", 26),
            Map.entry("PROF", 27), Map.entry("WINCH", 28), Map.entry("IO", 29), Map.entry("POLL", 29),
            Map.entry("PWR", 30), Map.entry("SYS", 31), Map.entry("UNUSED", 31),
            Map.entry("RTMIN", SIGRTMIN), Map.entry("RTMAX", SIGRTMAX));

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
