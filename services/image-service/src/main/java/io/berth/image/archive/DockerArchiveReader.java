package io.berth.image.archive;

import io.berth.tar.TarPolicy;
import io.berth.tar.InvalidArchiveException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads what {@code docker save} writes and {@code docker load} accepts: a tar (plain or compressed) holding
 * either a {@code manifest.json} (Docker ≤24 layout, or Docker ≥25 which adds an OCI layout beside it) or only
 * an OCI image layout. Nothing is returned unverified:
 *
 * <ol>
 *   <li>the archive is spooled to a private directory under {@code spoolParent}, every member checked by
 *       {@link SafeTarReader} (see {@link ArchiveSpool} for why no member can escape the spool);</li>
 *   <li>manifest.json is preferred when present (as {@code docker load} does), else index.json;</li>
 *   <li>every layer is read once: its members are validated under the layer policy and its uncompressed
 *       digest must equal the config's rootfs.diff_ids entry (blob digests too, where the archive names them).</li>
 * </ol>
 *
 * On failure the spool is gone before the exception is thrown; on success the returned {@link DockerArchive}
 * owns it. Bad input is an {@link InvalidArchiveException}.
 */
public final class DockerArchiveReader {
    private final Path spoolParent;
    private final TarPolicy archivePolicy;
    private final TarPolicy layerPolicy;

    public DockerArchiveReader(Path spoolParent) {
        this(spoolParent, TarPolicy.imageArchive(), TarPolicy.imageLayer());
    }

    public DockerArchiveReader(Path spoolParent, TarPolicy archivePolicy, TarPolicy layerPolicy) {
        this.spoolParent = spoolParent;
        this.archivePolicy = archivePolicy;
        this.layerPolicy = layerPolicy;
    }

    public DockerArchive read(InputStream archive) throws IOException {
        ArchiveSpool spool = ArchiveSpool.extract(archive, spoolParent, archivePolicy);
        try {
            LayerVerifier verifier = new LayerVerifier(layerPolicy);
            List<ArchiveImage> images;
            if (spool.contains(ManifestJsonReader.FILE)) {
                images = ManifestJsonReader.read(spool, verifier);
            } else if (spool.contains(OciIndexReader.FILE)) {
                images = OciIndexReader.read(spool, verifier);
            } else {
                throw new InvalidArchiveException("archive contains neither manifest.json nor an OCI index.json");
            }
            return new DockerArchive(spool, images);
        } catch (IOException | RuntimeException e) {
            spool.closeQuietly(e);
            throw e;
        }
    }
}
