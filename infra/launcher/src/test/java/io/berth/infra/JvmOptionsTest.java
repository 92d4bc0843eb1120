package io.berth.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code --print-jvm-options} tells the scripts is what the launcher itself uses. */
class JvmOptionsTest {
    @Test
    void aServiceGetsItsHeapAndItsJitProfile() {
        List<String> expected = new ArrayList<>(List.of("-Xmx256m"));
        expected.addAll(JitProfile.QUICK_BUT_HOT_LOOPS.options());
        assertEquals(expected, JvmOptions.of("image-service"));
        assertEquals("-Xmx256m", JvmOptions.of("gateway").get(0));
        assertTrue(JvmOptions.of("gateway").containsAll(JitProfile.QUICK.options()));
    }

    @Test
    void theLauncherRunsTheBrokerWithC1AndTheSerialCollector() {
        assertEquals(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), JvmOptions.of(JvmOptions.LAUNCHER));
    }

    @Test
    void anUnknownNameIsRefusedWithTheKnownOnes() {
        LauncherOptions.UsageException e = assertThrows(LauncherOptions.UsageException.class, () -> JvmOptions.of("nosuch"));
        assertTrue(e.getMessage().contains("no process nosuch") && e.getMessage().contains("image-service"), e.getMessage());
    }
}
