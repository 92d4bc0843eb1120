package io.berth.image.registry.client;

/** Receives per-blob progress. Called from transfer threads, so implementations must be thread-safe. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener IGNORE = event -> { };

    void onProgress(ProgressEvent event);
}
