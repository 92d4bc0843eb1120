package io.berth.runtime.adapters.shim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes {@code <bundle>/spec}, the init helper's input. Mirrors {@code src/main/c/berth-shim.h}.
 *
 * <p>The file is a sequence of {@code key=value} entries, each ended by a NUL byte, so arguments and
 * environment values may contain newlines and {@code =} (only the first {@code =} separates). Keys, in the
 * order written: {@code version=1} (always first), {@code rootfs}, {@code hostname}, {@code arg} (repeated,
 * in order), {@code env} (repeated), {@code cwd}, {@code uid}, {@code gid}, {@code group} (repeated),
 * {@code no_new_privs=0|1}, {@code network=new|host}, {@code readonly_rootfs=0|1}, {@code cgroup_procs}
 * (repeated), and per bind mount {@code bind_source}, {@code bind_target}, {@code bind_readonly=0|1}
 * (a {@code bind_source} starts a new mount). Strings are UTF-8.
 */
public final class SpecWriter {
    static final String VERSION = "1";

    private SpecWriter() {
    }

    /** Writes the spec atomically (temporary file + rename). */
    public static void write(Path file, ProcessSpec spec) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, encode(spec));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static byte[] encode(ProcessSpec spec) {
        Entries out = new Entries();
        out.put("version", VERSION);
        out.put("rootfs", spec.rootfs().toString());
        out.put("hostname", spec.hostname());
        spec.args().forEach(a -> out.put("arg", a));
        spec.env().forEach(e -> out.put("env", e));
        out.put("cwd", spec.workingDir());
        out.put("uid", Integer.toString(spec.uid()));
        out.put("gid", Integer.toString(spec.gid()));
        spec.additionalGids().forEach(g -> out.put("group", Integer.toString(g)));
        out.put("no_new_privs", flag(spec.noNewPrivileges()));
        out.put("network", spec.network() == NetworkMode.HOST ? "host" : "new");
        out.put("readonly_rootfs", flag(spec.readOnlyRootfs()));
        spec.cgroupProcsFiles().forEach(f -> out.put("cgroup_procs", f.toString()));
        for (BindMount bind : spec.binds()) {
            out.put("bind_source", bind.source().toString());
            out.put("bind_target", bind.target());
            out.put("bind_readonly", flag(bind.readOnly()));
        }
        return out.bytes.toByteArray();
    }

    private static String flag(boolean value) {
        return value ? "1" : "0";
    }

    private static final class Entries {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        void put(String key, String value) {
            bytes.writeBytes((key + "=" + value).getBytes(StandardCharsets.UTF_8));
            bytes.write(0);
        }
    }
}
