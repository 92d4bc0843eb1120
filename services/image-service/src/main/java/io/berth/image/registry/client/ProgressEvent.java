package io.berth.image.registry.client;

/**
 * Progress of one blob, in the vocabulary of dockerd's push/pull streams. {@code id} is 12 hex characters: of the
 * layer's DiffID on push (chosen by the caller), of the compressed blob digest on pull. {@code current} and
 * {@code total} are bytes, or -1 for status-only events (Docker's empty {@code progressDetail}).
 */
public record ProgressEvent(String id, String status, long current, long total) {
    public static final String PREPARING = "Preparing";
    public static final String WAITING = "Waiting";
    public static final String PUSHING = "Pushing";
    public static final String PUSHED = "Pushed";
    public static final String LAYER_ALREADY_EXISTS = "Layer already exists";
    public static final String MOUNTED_FROM = "Mounted from ";
    public static final String ALREADY_EXISTS = "Already exists";
    public static final String PULLING_FS_LAYER = "Pulling fs layer";
    public static final String DOWNLOADING = "Downloading";
    public static final String VERIFYING_CHECKSUM = "Verifying Checksum";
    public static final String DOWNLOAD_COMPLETE = "Download complete";

    public static ProgressEvent status(String id, String status) {
        return new ProgressEvent(id, status, -1, -1);
    }

    public boolean hasBytes() {
        return current >= 0;
    }
}
