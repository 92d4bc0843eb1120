package io.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A busybox rootfs tarball from Debian's busybox-static: the binary and one symlink per applet, made with GNU tar. */
final class BusyboxRootfs {
    static final Path BUSYBOX = Path.of("/bin/busybox");

    private BusyboxRootfs() {
    }

    static boolean available() {
        return Files.isExecutable(BUSYBOX);
    }

    static Path create(Path work) throws Exception {
        Path root = Files.createDirectories(work.resolve("rootfs"));
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"));
        for (String applet : Docker.run(List.of(BUSYBOX.toString(), "--list"), Map.of()).output().lines().toList()) {
            if (!applet.isBlank() && !applet.equals("busybox")) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
        }
        Files.createDirectories(root.resolve("tmp"));
        Files.createDirectories(root.resolve("etc"));
        Path tar = work.resolve("rootfs.tar");
        Docker.Result made = Docker.run(List.of("tar", "-C", root.toString(), "-cf", tar.toString(), "."), Map.of());
        assertEquals(0, made.exit(), made.output());
        return tar;
    }
}
