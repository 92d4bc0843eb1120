package io.berth.tar;

import io.berth.tar.TarMember.Kind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The per-member rules, applied in stream order before a member's content is used. State is the set of paths
 * seen so far, which is what duplicate, hardlink and "parent is a symlink" checks need.
 */
final class TarMemberValidator {
    /** A header record; declared sizes plus this per member must fit the byte budget. */
    private static final int HEADER_BYTES = 512;

    private final TarPolicy policy;
    private final String context;
    private final Map<String, Kind> seen = new HashMap<>();
    /** Directories that earlier members were placed in without their own entry. */
    private final Set<String> implied = new HashSet<>();
    private long members;
    private long bytes;

    TarMemberValidator(TarPolicy policy, String context) {
        this.policy = policy;
        this.context = context;
    }

    TarMember check(String name, Kind kind, String linkName, long size) throws TarRejectedException {
        if (++members > policy.maxMembers()) {
            throw reject(name, "the tar has more than " + policy.maxMembers() + " members");
        }
        if (name.isEmpty()) {
            throw reject(name, "empty name");
        }
        if (name.indexOf('\0') >= 0) {
            throw reject(name, "name contains a NUL byte");
        }
        if (name.length() > TarPaths.MAX_NAME_LENGTH) {
            throw reject(name, "name is longer than " + TarPaths.MAX_NAME_LENGTH + " characters");
        }
        TarPaths.Resolved resolved = TarPaths.resolve(name)
                .orElseThrow(() -> reject(name, "path escapes the root"));
        String path = resolved.path();
        for (String dir : resolved.traversed()) {
            Kind existing = seen.get(dir);
            if (existing == Kind.SYMLINK) {
                // Extracting through an earlier symlink is the classic way to write outside the root.
                throw reject(name, "path goes through the symlink '" + dir + "'");
            }
            if (existing != null && existing != Kind.DIRECTORY) {
                throw reject(name, "parent '" + dir + "' is not a directory");
            }
        }
        if (!policy.allowSpecialFiles() && isSpecial(kind)) {
            throw reject(name, kindName(kind) + " members are not allowed here");
        }
        if (path.isEmpty() && kind != Kind.DIRECTORY) {
            throw reject(name, "only a directory may stand for the root");
        }
        if (seen.containsKey(path)) {
            throw reject(name, "duplicate member: '" + path + "' appeared earlier");
        }
        if (kind != Kind.DIRECTORY && implied.contains(path)) {
            throw reject(name, "replaces the directory '" + path + "' that earlier members were placed in");
        }
        if (kind != Kind.FILE && size != 0) {
            // Tar readers disagree on whether such data is skipped; refusing removes the ambiguity.
            throw reject(name, "a " + kindName(kind) + " member must not carry data");
        }
        if (size < 0 || size > policy.maxTotalBytes() - bytes - HEADER_BYTES) {
            throw reject(name, "the tar exceeds the size limit of " + policy.maxTotalBytes() + " bytes");
        }
        bytes += size + HEADER_BYTES;

        String linkTarget = switch (kind) {
            case SYMLINK -> checkSymlink(name, path, linkName);
            case HARDLINK -> checkHardlink(name, linkName);
            default -> null;
        };
        seen.put(path, kind);
        implied.addAll(resolved.traversed());
        return new TarMember(name, path, kind, size, linkTarget);
    }

    private String checkSymlink(String name, String path, String target) throws TarRejectedException {
        if (target == null || target.isEmpty()) {
            throw reject(name, "symlink has an empty target");
        }
        if (target.indexOf('\0') >= 0 || target.length() > TarPaths.MAX_NAME_LENGTH) {
            throw reject(name, "symlink target is not a valid path");
        }
        Optional<String> resolved = TarPaths.symlinkTarget(path, target);
        if (resolved.isEmpty()) {
            throw reject(name, "symlink target '" + target + "' escapes the root");
        }
        return target;
    }

    private String checkHardlink(String name, String target) throws TarRejectedException {
        if (target == null || target.isEmpty() || target.indexOf('\0') >= 0) {
            throw reject(name, "hardlink has no valid target");
        }
        String path = TarPaths.resolve(target)
                .orElseThrow(() -> reject(name, "hardlink target '" + target + "' escapes the root"))
                .path();
        Kind targetKind = seen.get(path);
        if (targetKind == null) {
            throw reject(name, "hardlink target '" + target + "' is not an earlier member");
        }
        if (targetKind == Kind.DIRECTORY) {
            throw reject(name, "hardlink target '" + target + "' is a directory");
        }
        return path;
    }

    private TarRejectedException reject(String name, String reason) {
        return new TarRejectedException(context, name, reason);
    }

    private static boolean isSpecial(Kind kind) {
        return kind == Kind.CHAR_DEVICE || kind == Kind.BLOCK_DEVICE || kind == Kind.FIFO;
    }

    private static String kindName(Kind kind) {
        return switch (kind) {
            case FILE -> "regular file";
            case DIRECTORY -> "directory";
            case SYMLINK -> "symlink";
            case HARDLINK -> "hardlink";
            case CHAR_DEVICE -> "character device";
            case BLOCK_DEVICE -> "block device";
            case FIFO -> "FIFO";
        };
    }
}
