package io.berth.runtime.adapters.shim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * The compiled init helper ({@code src/main/c}, built by Maven into the classes next to this class),
 * copied out of the classpath so it can be executed.
 */
public final class ShimBinary {
    static final String RESOURCE = "berth-shim";

    private ShimBinary() {
    }

    /**
     * Puts the helper at {@code dir/berth-shim} with exec permission and returns that path. An existing copy
     * with different content is replaced by a rename, so monitors still running the old one are unaffected.
     */
    public static Path extractTo(Path dir) throws IOException {
        byte[] content = readResource();
        Files.createDirectories(dir);
        Path target = dir.resolve(RESOURCE);
        if (Files.isRegularFile(target) && Files.isExecutable(target)
                && Arrays.equals(Files.readAllBytes(target), content)) {
            return target;
        }
        Path tmp = Files.createTempFile(dir, RESOURCE, ".tmp");
        try {
            Files.write(tmp, content);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    private static byte[] readResource() throws IOException {
        try (InputStream in = ShimBinary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("berth-shim is not on the classpath: runtime-service must be built "
                        + "by Maven, which compiles src/main/c with the system C compiler");
            }
            return in.readAllBytes();
        }
    }
}
