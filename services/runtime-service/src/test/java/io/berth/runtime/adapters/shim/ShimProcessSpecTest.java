package io.berth.runtime.adapters.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShimProcessSpecTest {
    private static ProcessSpec spec(Path rootfs, List<String> args, List<String> env, String cwd, int uid) {
        return new ProcessSpec(rootfs, "h", args, env, cwd, uid, 0, List.of(), false, NetworkMode.NEW, List.of(),
                List.of(), false);
    }

    private static String rejection(Runnable construction) {
        return assertThrows(IllegalArgumentException.class, construction::run).getMessage();
    }

    @Test
    void rejectsWhatTheHelperCouldNotRun() {
        Path root = Path.of("/r");
        assertEquals("rootfs must be an absolute path: r",
                rejection(() -> spec(Path.of("r"), List.of("sh"), List.of(), "/", 0)));
        assertEquals("args must name an executable (args[0] is empty)",
                rejection(() -> spec(root, List.of(), List.of(), "/", 0)));
        assertEquals("env entry must look like NAME=value: =x",
                rejection(() -> spec(root, List.of("sh"), List.of("=x"), "/", 0)));
        assertEquals("workingDir must be an absolute path: work",
                rejection(() -> spec(root, List.of("sh"), List.of(), "work", 0)));
        assertEquals("uid must not be negative: -1", rejection(() -> spec(root, List.of("sh"), List.of(), "/", -1)));
        assertEquals("argument must not contain a NUL character",
                rejection(() -> spec(root, List.of("sh", "a\0b"), List.of(), "/", 0)));
        assertEquals("bind mount target must be an absolute container path: data",
                rejection(() -> new BindMount(Path.of("/src"), "data", true)));
    }

    @Test
    void listsAreCopiedAndNullHostnameIsEmpty() {
        ProcessSpec spec = new ProcessSpec(Path.of("/r"), null, new java.util.ArrayList<>(List.of("sh")), List.of(),
                "/", 0, 0, List.of(), false, NetworkMode.HOST, List.of(), List.of(), false);
        assertEquals("", spec.hostname());
        assertThrows(UnsupportedOperationException.class, () -> spec.args().add("x"));
    }
}
