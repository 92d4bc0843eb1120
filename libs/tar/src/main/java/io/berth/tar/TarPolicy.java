package io.berth.tar;

/**
 * Limits and switches for reading an untrusted tar.
 *
 * @param maxMembers        members allowed in one tar (a tar bomb of millions of empty files is refused)
 * @param maxTotalBytes     bound on the uncompressed tar stream, headers included (a gzip bomb is refused)
 * @param allowSpecialFiles whether character/block devices and FIFOs are accepted
 */
public record TarPolicy(long maxMembers, long maxTotalBytes, boolean allowSpecialFiles) {
    private static final long GIB = 1L << 30;

    public TarPolicy {
        if (maxMembers < 1 || maxTotalBytes < 1024) {
            throw new IllegalArgumentException("a tar policy needs at least one member and 1024 bytes");
        }
    }

    /** {@code docker import}: a base rootfs has no business creating devices or FIFOs on the host. */
    public static TarPolicy rootfsImport() {
        return new TarPolicy(1_000_000, 32 * GIB, false);
    }

    /**
     * Image layers, whether loaded with {@code docker load}, pulled, or unpacked by a runtime host: real images do
     * carry device nodes (old bases ship {@code /dev/null}) and whiteouts ({@code .wh.*}, plain files to the
     * reader), and Docker accepts them. Escapes ({@code ..}, absolute names climbing out, links out of the root)
     * are refused under every policy.
     */
    public static TarPolicy imageLayer() {
        return new TarPolicy(1_000_000, 32 * GIB, true);
    }

    /** The outer {@code docker save} archive: a few files per layer, but all layers together. */
    public static TarPolicy imageArchive() {
        return new TarPolicy(100_000, 128 * GIB, false);
    }

    public TarPolicy withMaxMembers(long max) {
        return new TarPolicy(max, maxTotalBytes, allowSpecialFiles);
    }

    public TarPolicy withMaxTotalBytes(long max) {
        return new TarPolicy(maxMembers, max, allowSpecialFiles);
    }

    public TarPolicy withSpecialFiles(boolean allow) {
        return new TarPolicy(maxMembers, maxTotalBytes, allow);
    }
}
