package io.berth.image.content;

import io.berth.contracts.types.Digest;
import java.nio.file.NoSuchFileException;

/** No committed blob has this digest. A {@link NoSuchFileException}, so plain file handling still recognises it. */
public class BlobNotFoundException extends NoSuchFileException {
    private final transient Digest digest;

    public BlobNotFoundException(Digest digest) {
        super(digest.toString(), null, "blob not found in the content store");
        this.digest = digest;
    }

    public Digest digest() {
        return digest;
    }
}
