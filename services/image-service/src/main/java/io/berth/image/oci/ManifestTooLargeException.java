package io.berth.image.oci;

/** A manifest or index above {@link CanonicalJson#MAX_MANIFEST_BYTES}; registries answer 413 for these. */
public class ManifestTooLargeException extends OciFormatException {
    private final long size;

    public ManifestTooLargeException(String document, long size) {
        super(document + " is " + size + " bytes; the limit is " + CanonicalJson.MAX_MANIFEST_BYTES + " bytes (4 MiB)");
        this.size = size;
    }

    public long size() {
        return size;
    }
}
