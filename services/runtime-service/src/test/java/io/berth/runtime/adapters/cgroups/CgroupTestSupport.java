package io.berth.runtime.adapters.cgroups;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/** What the kernel tests share: starting a process the way the init helper will, and skipping loudly. */
final class CgroupTestSupport {
    private CgroupTestSupport() {
    }

    /** Like the init helper: the shell writes its own pid into every procs file, then execs the workload. */
    static Process startIn(ContainerCgroup cg, String busyboxScript, Path stderr) throws IOException {
        String files = cg.procsFiles().stream().map(Path::toString).collect(Collectors.joining(" "));
        return new ProcessBuilder("/bin/sh", "-c", "for f in " + files + "; do echo $$ > $f || exit 99; done; exec \"$@\"",
                "sh", "/bin/busybox", "sh", "-c", busyboxScript)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile())
                .start();
    }

    /** Skips with the reason both in the report and on stdout, where a skipped kernel test is easy to overlook. */
    static void assume(boolean condition, String reason) {
        if (!condition) {
            System.out.println("SKIPPED: " + reason);
        }
        Assumptions.assumeTrue(condition, reason);
    }

    static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(what + " not within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
