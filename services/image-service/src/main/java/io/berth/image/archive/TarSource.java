package io.berth.image.archive;

import java.io.IOException;
import java.io.InputStream;

/** Opens a fresh stream of a layer's uncompressed tar; may be called more than once. The caller closes it. */
@FunctionalInterface
public interface TarSource {
    InputStream open() throws IOException;
}
