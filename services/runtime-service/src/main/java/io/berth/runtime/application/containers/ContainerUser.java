package io.berth.runtime.application.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Docker's {@code -u user[:group]} resolved against the container's own {@code /etc/passwd} and {@code /etc/group}
 * (never the host's): a name must exist there; a number need not (then the group defaults to 0); the user's
 * supplementary groups come from {@code /etc/group}. Read before the process starts, from the mounted rootfs.
 */
public record ContainerUser(int uid, int gid, List<Integer> additionalGids) {
    public static final ContainerUser ROOT = new ContainerUser(0, 0, List.of());

    /** Thrown with Docker's wording, e.g. {@code unable to find user nosuch: no matching entries in passwd file}. */
    public static final class UnknownUserException extends Exception {
        public UnknownUserException(String message) {
            super(message);
        }
    }

    public static ContainerUser resolve(String spec, Path rootfs) throws UnknownUserException {
        if (spec == null || spec.isEmpty()) {
            spec = "0";
        }
        int colon = spec.indexOf(':');
        String userPart = colon < 0 ? spec : spec.substring(0, colon);
        String groupPart = colon < 0 ? null : spec.substring(colon + 1);
        List<String[]> passwd = read(rootfs, "etc/passwd");
        List<String[]> groups = read(rootfs, "etc/group");

        String[] entry = find(passwd, userPart, 0, 2);
        int uid;
        int gid;
        String userName;
        if (entry != null) {
            uid = Integer.parseInt(entry[2]);
            gid = isNumber(entry[3]) ? Integer.parseInt(entry[3]) : 0;
            userName = entry[0];
        } else if (isNumber(userPart)) {
            uid = Integer.parseInt(userPart);
            gid = 0;
            userName = null;
        } else {
            throw new UnknownUserException("unable to find user " + userPart + ": no matching entries in passwd file");
        }
        if (groupPart != null && !groupPart.isEmpty()) {
            String[] group = find(groups, groupPart, 0, 2);
            if (group != null) {
                gid = Integer.parseInt(group[2]);
            } else if (isNumber(groupPart)) {
                gid = Integer.parseInt(groupPart);
            } else {
                throw new UnknownUserException("unable to find group " + groupPart + ": no matching entries in group file");
            }
        }
        List<Integer> extra = new ArrayList<>();
        if (userName != null) {
            for (String[] g : groups) {
                if (g.length >= 4 && isNumber(g[2]) && List.of(g[3].split(",")).contains(userName)) {
                    int id = Integer.parseInt(g[2]);
                    if (id != gid && !extra.contains(id)) {
                        extra.add(id);
                    }
                }
            }
        }
        return new ContainerUser(uid, gid, List.copyOf(extra));
    }

    /** An entry whose name (column {@code nameColumn}) or, for a number, whose id (column {@code idColumn}) matches. */
    private static String[] find(List<String[]> entries, String nameOrId, int nameColumn, int idColumn) {
        for (String[] e : entries) {
            if (e.length > 3 && e[nameColumn].equals(nameOrId) && isNumber(e[idColumn])) {
                return e;
            }
        }
        if (isNumber(nameOrId)) {
            for (String[] e : entries) {
                if (e.length > 3 && e[idColumn].equals(nameOrId)) {
                    return e;
                }
            }
        }
        return null;
    }

    private static List<String[]> read(Path rootfs, String relative) {
        Path file = rootfs.resolve(relative);
        // The rootfs is the container's: a symlinked /etc/passwd could point anywhere on the host, so only a
        // regular file is read.
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try {
            List<String[]> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split(":", -1));
                }
            }
            return rows;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean isNumber(String s) {
        if (s == null || s.isEmpty() || s.length() > 10) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return Long.parseLong(s) <= Integer.MAX_VALUE;
    }
}
