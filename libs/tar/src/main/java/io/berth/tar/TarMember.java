package io.berth.tar;

/**
 * A tar member that passed validation.
 *
 * @param name       the name as written in the tar (what a layer's bytes keep)
 * @param path       the normalised path relative to the root, without leading or trailing '/'; "" is the root
 * @param kind       what the member is
 * @param size       bytes of content (0 for everything but regular files)
 * @param linkTarget for symlinks the target as written; for hardlinks the normalised path of the earlier member;
 *                   otherwise null
 */
public record TarMember(String name, String path, Kind kind, long size, String linkTarget) {
    public enum Kind { FILE, DIRECTORY, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO }
}
