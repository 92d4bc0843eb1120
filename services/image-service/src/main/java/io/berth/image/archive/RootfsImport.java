package io.berth.image.archive;

import io.berth.tar.TarPolicy;
import io.berth.tar.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The layer half of {@code docker import}: a rootfs tar, plain or compressed (gzip, bzip2, xz if available), is
 * validated under {@link TarPolicy#rootfsImport()} and turned into one deterministic gzip layer blob. The image
 * config and manifest are made elsewhere from the returned digests.
 */
public final class RootfsImport {
    private RootfsImport() {
    }

    /** See {@link LayerBlob#write}: if this throws, discard what was written to {@code gzipOut}. */
    public static LayerDigests toLayer(InputStream rootfs, OutputStream gzipOut) throws IOException {
        return toLayer(rootfs, TarPolicy.rootfsImport(), gzipOut);
    }

    public static LayerDigests toLayer(InputStream rootfs, TarPolicy policy, OutputStream gzipOut) throws IOException {
        return LayerBlob.write(Compression.decompress(rootfs, "rootfs"), policy, gzipOut, "rootfs");
    }
}
