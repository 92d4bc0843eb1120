package io.berth.tar;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lexical rules for tar member names and link targets. Layers keep their members' names as written (the diffID
 * is the digest of the original bytes), so whoever extracts a layer must resolve names with these same rules.
 *
 * <ul>
 *   <li>Leading '/' and "." components are dropped: {@code /etc/passwd}, {@code ./etc/passwd} and
 *       {@code etc/passwd} are the same member (GNU tar strips the '/' too; Docker joins the name onto the root).</li>
 *   <li>".." backs up one component; climbing above the root is an escape. Docker clamps {@code /../x} to
 *       {@code x}; we refuse it, as no honest tool writes it.</li>
 * </ul>
 */
public final class TarPaths {
    /** Linux PATH_MAX: longer names cannot be created, so they are only a way to spend our memory. */
    public static final int MAX_NAME_LENGTH = 4096;

    private TarPaths() {
    }

    /**
     * A name resolved against the root.
     *
     * @param path      normalised, relative, no trailing '/'; "" is the root itself
     * @param traversed the directories the name passes through on the way, in order (for {@code a/b/../c}:
     *                  {@code a}, {@code a/b}); each must really be a directory for the name to mean what it says
     */
    public record Resolved(String path, List<String> traversed) {
    }

    /** Resolves a member name (or a hardlink target) against the root; empty if ".." would climb above it. */
    public static Optional<Resolved> resolve(String name) {
        String[] parts = name.split("/", -1);
        List<String> stack = new ArrayList<>();
        List<String> traversed = new ArrayList<>();
        int last = lastMeaningful(parts);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (stack.isEmpty()) {
                    return Optional.empty();
                }
                stack.remove(stack.size() - 1);
                continue;
            }
            stack.add(part);
            if (i < last) {
                traversed.add(String.join("/", stack));
            }
        }
        return Optional.of(new Resolved(String.join("/", stack), List.copyOf(traversed)));
    }

    /**
     * Where a symlink at {@code linkPath} points: an absolute target resolves from the root (inside a container
     * that is the container's root, so it is fine), a relative one from the link's own directory. Empty if the
     * target climbs above the root.
     */
    public static Optional<String> symlinkTarget(String linkPath, String target) {
        String joined = target.startsWith("/") ? target : parent(linkPath) + "/" + target;
        return resolve(joined).map(Resolved::path);
    }

    /** The directory holding {@code path} ("" for top-level members and the root). */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static int lastMeaningful(String[] parts) {
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isEmpty() && !parts[i].equals(".")) {
                return i;
            }
        }
        return -1;
    }
}
