package io.berth.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The account initdb and postgres run as. Both refuse to run as root, so when the launcher is root they run as
 * nobody/nogroup through setpriv (no user namespaces needed); otherwise they run as the launcher's own user.
 */
final class PostgresUser {
    private static final String USER = "nobody";
    private static final String GROUP = "nogroup";

    private final boolean launcherIsRoot;

    private PostgresUser(boolean launcherIsRoot) {
        this.launcherIsRoot = launcherIsRoot;
    }

    static PostgresUser forThisProcess() {
        return new PostgresUser(currentUid() == 0);
    }

    /** The command line to run {@code command} as this user. */
    List<String> command(List<String> command) {
        if (!launcherIsRoot) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(
                "setpriv", "--reuid=" + USER, "--regid=" + GROUP, "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Makes a directory or file the launcher created belong to the PostgreSQL user (no-op unless root). */
    void own(Path path) throws IOException {
        if (!launcherIsRoot) {
            return;
        }
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(GROUP);
        view.setOwner(lookup.lookupPrincipalByName(USER));
        view.setGroup(group);
    }

    /**
     * As root, nobody must be able to walk down to the PostgreSQL directories. Directories inside {@code ours}
     * (a dir the launcher was given) get o+x, since temp dirs are created 0700; a closed directory above it is
     * the caller's choice, so it is only reported.
     */
    void requireTraversable(Path dir, Path ours) throws IOException {
        if (!launcherIsRoot) {
            return;
        }
        Path root = ours.toAbsolutePath().normalize();
        for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                continue;
            }
            if (p.startsWith(root)) {
                perms.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(p, perms);
            } else {
                throw new IllegalStateException("PostgreSQL runs as '" + USER + "' (initdb refuses root), but "
                        + p + " is not traversable by others; run `chmod o+x " + p
                        + "` or choose a --data-root outside it (e.g. under /tmp)");
            }
        }
    }

    /** Reads the effective uid from /proc, which needs no extra JDK module. */
    private static int currentUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    // Real, effective, saved, fs uid: initdb checks the effective one.
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("could not read the current uid from /proc/self/status", e);
        }
        throw new IllegalStateException("no Uid line in /proc/self/status");
    }
}
