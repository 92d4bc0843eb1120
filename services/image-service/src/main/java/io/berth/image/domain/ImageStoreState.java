package io.berth.image.domain;

import io.berth.contracts.types.Digest;
import java.util.Map;

/** The local image store: images by id, and which image each reference points at. Immutable. */
public record ImageStoreState(Map<Digest, StoredImage> images, Map<String, Digest> tags) {
    public static final ImageStoreState EMPTY = new ImageStoreState(Map.of(), Map.of());

    public ImageStoreState {
        images = Map.copyOf(images);
        tags = Map.copyOf(tags);
    }
}
