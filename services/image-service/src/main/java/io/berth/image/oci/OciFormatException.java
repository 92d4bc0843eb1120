package io.berth.image.oci;

/**
 * A manifest, index or image config is not valid JSON of the expected shape. The message names the
 * document and the field, e.g. {@code manifest layers[2].digest: invalid digest …}, so it can be
 * shown to the user as is (a registry answers MANIFEST_INVALID with it).
 */
public class OciFormatException extends RuntimeException {
    public OciFormatException(String message) {
        super(message);
    }

    public OciFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
