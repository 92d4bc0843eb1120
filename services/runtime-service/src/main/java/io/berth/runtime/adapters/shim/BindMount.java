package io.berth.runtime.adapters.shim;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A host path bound into the container. The target is created (as a directory or an empty file, like the
 * source) when the image lacks it, and is resolved inside the rootfs so a symlink in the image cannot
 * redirect it to the host.
 *
 * @param source   absolute host path; must exist when the container starts
 * @param target   absolute path inside the container
 * @param readOnly whether the mount (and any mount below it) is read-only
 */
public record BindMount(Path source, String target, boolean readOnly) {
    public BindMount {
        Objects.requireNonNull(source, "bind mount source");
        Objects.requireNonNull(target, "bind mount target");
        if (!source.isAbsolute()) {
            throw new IllegalArgumentException("bind mount source must be an absolute host path: " + source);
        }
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("bind mount target must be an absolute container path: " + target);
        }
        SpecText.requireNoNul("bind mount source", source.toString());
        SpecText.requireNoNul("bind mount target", target);
    }
}
