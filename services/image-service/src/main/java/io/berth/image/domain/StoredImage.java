package io.berth.image.domain;

import io.berth.contracts.image.ImageEvent.ImageStored;
import java.util.List;

/** An image in the store and the references that point at it, in the order they were added. */
public record StoredImage(ImageStored stored, List<String> tags) {
    public String shortId() {
        return stored.imageId().shortHex();
    }
}
