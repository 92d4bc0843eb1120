package io.berth.image.archive;

import io.berth.tar.SafeTarReader;
import io.berth.tar.TarMember;
import io.berth.tar.TarPaths;
import io.berth.tar.TarPolicy;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The members of a {@code docker save} archive, copied to a private temporary directory so they can be read in
 * any order (manifest.json may come last). Member names never become file names: each regular file is stored
 * as a numbered file and looked up through a map, so no name, however crafted, can place a file outside the
 * spool. Symlinks and hardlinks are kept as aliases in the map (Docker ≤24 saved a shared layer as
 * {@code <id>/layer.tar -> ../<other id>/layer.tar}); nothing is ever created as a link on disk.
 */
final class ArchiveSpool implements Closeable {
    private static final int MAX_LINK_HOPS = 16;

    private final Path dir;
    private final Map<String, Path> files = new HashMap<>();
    /** Link path → the path it refers to, already resolved against the root. */
    private final Map<String, String> links = new HashMap<>();

    private ArchiveSpool(Path dir) {
        this.dir = dir;
    }

    /** Reads the whole archive; on any failure the spool directory is removed before this throws. */
    static ArchiveSpool extract(InputStream archive, Path parent, TarPolicy policy) throws IOException {
        ArchiveSpool spool = new ArchiveSpool(Files.createTempDirectory(parent, "berth-archive-"));
        try {
            // Not closed here: the caller owns the archive stream.
            SafeTarReader reader = SafeTarReader.open(archive, policy, "archive");
            long n = 0;
            for (TarMember member = reader.next(); member != null; member = reader.next()) {
                switch (member.kind()) {
                    case FILE -> {
                        Path file = spool.dir.resolve(Long.toString(n++));
                        Files.copy(reader.content(), file);
                        spool.files.put(member.path(), file);
                    }
                    case SYMLINK -> spool.links.put(member.path(),
                            TarPaths.symlinkTarget(member.path(), member.linkTarget()).orElseThrow());
                    case HARDLINK -> spool.links.put(member.path(), member.linkTarget());
                    default -> {
                        // Directories carry nothing we need; special files were refused by the policy.
                    }
                }
            }
            return spool;
        } catch (IOException | RuntimeException e) {
            spool.closeQuietly(e);
            throw e;
        }
    }

    boolean contains(String path) {
        return file(path).isPresent();
    }

    /**
     * The spooled file for an archive path as a manifest names it ({@code blobs/sha256/…}, {@code ./x/layer.tar}),
     * following links. Empty if there is no such regular file.
     */
    Optional<Path> file(String archivePath) {
        Optional<TarPaths.Resolved> resolved = TarPaths.resolve(archivePath);
        if (resolved.isEmpty()) {
            return Optional.empty();
        }
        String path = resolved.get().path();
        for (int hop = 0; hop <= MAX_LINK_HOPS; hop++) {
            Path file = files.get(path);
            if (file != null) {
                return Optional.of(file);
            }
            path = links.get(path);
            if (path == null) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Removes the spool after {@code failure}, without letting a cleanup error hide it. */
    void closeQuietly(Exception failure) {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
