package io.berth.image.archive;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * A verified {@code docker load} archive. Its layers stream from a spool directory on disk, so they stay
 * readable until {@link #close()}, which removes the spool. Always close it.
 */
public final class DockerArchive implements Closeable {
    private final ArchiveSpool spool;
    private final List<ArchiveImage> images;

    DockerArchive(ArchiveSpool spool, List<ArchiveImage> images) {
        this.spool = spool;
        this.images = List.copyOf(images);
    }

    /** In the order the archive lists them. */
    public List<ArchiveImage> images() {
        return images;
    }

    @Override
    public void close() throws IOException {
        spool.close();
    }
}
