package io.berth.image.registry.client;

import java.io.IOException;
import java.io.InputStream;

/** Opens a blob's bytes from the start; called once per upload request, since a retry or a chunk reads again. */
@FunctionalInterface
public interface BlobSource {
    InputStream open() throws IOException;
}
