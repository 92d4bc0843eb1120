package io.berth.runtime.adapters.cgroups;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reading and writing cgroup interface files. Writes never create files (a missing file means a missing controller,
 * which must surface, not be papered over with a regular file) and failures name the file and the value, since the
 * kernel's own errno ("Invalid argument", "Device or resource busy") says neither.
 */
final class CgroupFiles {
    private CgroupFiles() {
    }

    static void write(Path dir, String file, String value) {
        Path target = dir.resolve(file);
        try {
            Files.write(target, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new CgroupException("cannot write \"" + value + "\" to " + target + ": " + reason(e), e);
        }
    }

    static String read(Path dir, String file) {
        Path target = dir.resolve(file);
        try {
            return Files.readString(target, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new CgroupException("cannot read " + target + ": " + reason(e), e);
        }
    }

    static boolean exists(Path dir, String file) {
        return Files.exists(dir.resolve(file));
    }

    static long readLong(Path dir, String file) {
        String value = read(dir, file);
        return value.equals("max") ? -1 : Long.parseLong(value);
    }

    /** The value of "key value" line {@code key} in a flat-keyed file such as memory.events or memory.oom_control. */
    static Optional<Long> readKeyed(Path dir, String file, String key) {
        for (String line : read(dir, file).split("\n")) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length == 2 && kv[0].equals(key)) {
                return Optional.of(Long.parseLong(kv[1]));
            }
        }
        return Optional.empty();
    }

    /** Pids listed in {@code cgroup.procs}; none when the cgroup is already gone. */
    static List<Long> procs(Path dir) {
        List<Long> pids = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dir.resolve("cgroup.procs"), StandardCharsets.US_ASCII)) {
                if (!line.isBlank()) {
                    pids.add(Long.parseLong(line.trim()));
                }
            }
        } catch (NoSuchFileException gone) {
            return List.of();
        } catch (IOException e) {
            throw new CgroupException("cannot read " + dir.resolve("cgroup.procs") + ": " + reason(e), e);
        }
        return pids;
    }

    private static String reason(IOException e) {
        return e instanceof NoSuchFileException ? "no such file (controller not available?)" : String.valueOf(e.getMessage());
    }
}
