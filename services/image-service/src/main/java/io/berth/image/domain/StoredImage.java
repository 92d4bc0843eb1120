package io.berth.image.domain;

import io.berth.contracts.image.ImageEvent.ImageStored;
import java.util.List;

/** An image in the store, the references that point at it (in the order they were added) and its registry digests. */
public record StoredImage(ImageStored stored, List<String> tags, List<String> repoDigests) {
    public String shortId() {
        return stored.imageId().shortHex();
    }
}
