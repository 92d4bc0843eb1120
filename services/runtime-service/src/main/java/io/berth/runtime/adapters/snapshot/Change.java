package io.berth.runtime.adapters.snapshot;

/**
 * One line of {@code docker diff}: {@code A /tmp/new}, {@code C /etc}, {@code D /etc/motd}.
 *
 * @param path absolute inside the container, starting with '/'
 */
public record Change(Kind kind, String path) {
    public enum Kind {
        /** Added: not present in the image. */
        A,
        /** Changed: present in the image and modified, or a directory whose entries changed. */
        C,
        /** Deleted from the image. */
        D;

        /** The number the Docker Engine API uses in {@code GET /containers/{id}/changes}: 0 modified, 1 added, 2 deleted. */
        public int apiKind() {
            switch (this) {
                case C:
                    return 0;
                case A:
                    return 1;
                default:
                    return 2;
            }
        }
    }

    @Override
    public String toString() {
        return kind + " " + path;
    }
}
