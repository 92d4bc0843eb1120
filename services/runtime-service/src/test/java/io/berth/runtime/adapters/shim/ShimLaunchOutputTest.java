package io.berth.runtime.adapters.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The helper's one line, parsed (the format is in Shim's Javadoc and berth-shim.h). */
class ShimLaunchOutputTest {
    private static final Path BUNDLE = Path.of("/b");

    @Test
    void successLine() throws Exception {
        Launched launched = Shim.parse("ok\t10\t11\t1700000000123456789\n", 0, BUNDLE);
        assertEquals(new Launched(10, 11, Instant.ofEpochSecond(1700000000L, 123456789)), launched);
    }

    @Test
    void failureLineKeepsStepErrnoPathAndExitCode() {
        LaunchFailedException e = assertThrows(LaunchFailedException.class,
                () -> Shim.parse("error\t128\tbind\t1\tOperation not permitted\t/host/a\tb\n", 128, BUNDLE));
        assertEquals("bind", e.step());
        assertEquals(1, e.errno());
        assertEquals("/host/a\tb", e.path());
        assertEquals(128, e.exitCode());
        assertEquals("bind \"/host/a\tb\": operation not permitted", e.getMessage());
    }

    @Test
    void dockerMessagesForExec() {
        assertEquals("exec: \"nosuch\": executable file not found in $PATH",
                LaunchFailedException.dockerMessage("exec-lookup", "No such file or directory", "nosuch"));
        assertEquals("exec: \"/x\": stat /x: no such file or directory",
                LaunchFailedException.dockerMessage("exec", "No such file or directory", "/x"));
        assertEquals("exec: \"/etc\": permission denied",
                LaunchFailedException.dockerMessage("exec", "Permission denied", "/etc"));
        assertEquals("hostname: invalid argument", LaunchFailedException.dockerMessage("hostname", "Invalid argument", ""));
    }

    @Test
    void anythingElseIsAnIoError() {
        assertThrows(IOException.class, () -> Shim.parse("", 1, BUNDLE));
        assertThrows(IOException.class, () -> Shim.parse("ok\t1\n", 0, BUNDLE));
    }
}
