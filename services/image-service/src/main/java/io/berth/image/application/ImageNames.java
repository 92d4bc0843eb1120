package io.berth.image.application;

import io.berth.contracts.types.Digest;
import io.berth.contracts.types.ImageReference;
import io.berth.image.domain.ImageStoreState;
import io.berth.image.domain.StoredImage;
import java.util.List;
import java.util.Optional;

/** How the names users type find an image in the store: a tag first, else a full id or a unique id prefix. */
final class ImageNames {
    private ImageNames() {
    }

    static Optional<StoredImage> resolve(ImageStoreState state, String name) {
        String canonical = canonicalTag(name);
        if (canonical != null && state.tags().containsKey(canonical)) {
            return Optional.ofNullable(state.images().get(state.tags().get(canonical)));
        }
        String hex = name.startsWith("sha256:") ? name.substring(7) : name;
        if (!hex.matches("[a-f0-9]{1,64}")) {
            return Optional.empty();
        }
        List<Digest> ids = state.images().keySet().stream().filter(d -> d.hex().startsWith(hex)).toList();
        return ids.size() == 1 ? Optional.of(state.images().get(ids.get(0))) : Optional.empty();
    }

    /** The canonical tagged form of a reference, or null when the text is not one (or names a digest). */
    static String canonicalTag(String name) {
        return ImageReference.tryParse(name).flatMap(ImageReference::canonicalTag).orElse(null);
    }
}
