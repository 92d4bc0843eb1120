package io.berth.runtime.adapters.snapshot;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Skips a test, saying why, when this host cannot run it (unpacking needs root; mounting needs overlayfs too). */
final class HostSupport {
    private HostSupport() {
    }

    static void requireRoot() {
        boolean root = "root".equals(System.getProperty("user.name"));
        skipUnless(root, "needs root (chown, mknod, trusted.* xattrs); running as " + System.getProperty("user.name"));
    }

    static void requireOverlay() throws IOException {
        requireRoot();
        boolean overlay = Files.readString(Path.of("/proc/filesystems")).contains("\toverlay\n");
        skipUnless(overlay, "needs overlayfs in /proc/filesystems");
    }

    private static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            System.out.println("SKIPPED: " + reason);
        }
        assumeTrue(condition, reason);
    }
}
