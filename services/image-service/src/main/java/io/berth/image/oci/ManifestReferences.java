package io.berth.image.oci;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a manifest points at, e.g. to refuse a push that references blobs the registry lacks. */
public final class ManifestReferences {
    private ManifestReferences() {
    }

    /**
     * The config then the layers of an image manifest, or the entries of an index. The
     * {@code subject} is left out: a referrer may be pushed before the image it describes.
     */
    public static List<Descriptor> of(Manifest manifest) {
        if (manifest instanceof ImageManifest image) {
            List<Descriptor> references = new ArrayList<>(image.layers().size() + 1);
            references.add(image.config());
            references.addAll(image.layers());
            return Collections.unmodifiableList(references);
        }
        return ((ImageIndex) manifest).manifests();
    }

    /** {@link #of} without foreign layers that carry urls: those are fetched from elsewhere, not pushed. */
    public static List<Descriptor> requiredLocally(Manifest manifest) {
        List<Descriptor> required = new ArrayList<>();
        for (Descriptor reference : of(manifest)) {
            if (!(MediaTypes.isForeignLayer(reference.mediaType()) && !reference.urls().isEmpty())) {
                required.add(reference);
            }
        }
        return Collections.unmodifiableList(required);
    }
}
