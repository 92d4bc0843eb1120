package io.berth.image.oci;

import java.util.ArrayList;
import java.util.List;

/** JSON tree → manifest records, checking each field against the image spec as it goes. */
final class ManifestJsonReader {
    private ManifestJsonReader() {
    }

    static ImageManifest manifest(JsonCursor root) {
        root.object();
        return new ImageManifest(schemaVersion(root), root.field("mediaType").optionalString(),
                root.field("artifactType").optionalString(), descriptor(root.field("config")),
                descriptors(root.field("layers").requiredElements()), optionalDescriptor(root.field("subject")),
                root.field("annotations").stringMap());
    }

    static ImageIndex index(JsonCursor root) {
        root.object();
        return new ImageIndex(schemaVersion(root), root.field("mediaType").optionalString(),
                root.field("artifactType").optionalString(), descriptors(root.field("manifests").requiredElements()),
                optionalDescriptor(root.field("subject")), root.field("annotations").stringMap());
    }

    static Descriptor descriptor(JsonCursor cursor) {
        cursor.object();
        return new Descriptor(mediaType(cursor.field("mediaType")), cursor.field("digest").digest(),
                cursor.field("size").nonNegativeLong(), cursor.field("urls").strings(),
                cursor.field("annotations").stringMap(), platform(cursor.field("platform")),
                cursor.field("artifactType").optionalString());
    }

    static Platform platform(JsonCursor cursor) {
        if (cursor.isAbsent()) {
            return null;
        }
        cursor.object();
        return new Platform(nonBlank(cursor.field("architecture")), nonBlank(cursor.field("os")),
                cursor.field("variant").optionalString(), cursor.field("os.version").optionalString(),
                cursor.field("os.features").strings());
    }

    private static int schemaVersion(JsonCursor root) {
        JsonCursor field = root.field("schemaVersion");
        int version = field.integer();
        if (version != Manifest.SCHEMA_VERSION) {
            throw field.error("expected 2, got " + version);
        }
        return version;
    }

    private static Descriptor optionalDescriptor(JsonCursor cursor) {
        return cursor.isAbsent() ? null : descriptor(cursor);
    }

    private static List<Descriptor> descriptors(List<JsonCursor> elements) {
        List<Descriptor> result = new ArrayList<>(elements.size());
        for (JsonCursor element : elements) {
            result.add(descriptor(element));
        }
        return result;
    }

    private static String mediaType(JsonCursor cursor) {
        String value = nonBlank(cursor);
        // RFC 6838 restricted names: type "/" subtype, no spaces, no parameters in a descriptor.
        if (!value.matches("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}")) {
            throw cursor.error("invalid media type \"" + value + "\"");
        }
        return value;
    }

    private static String nonBlank(JsonCursor cursor) {
        String value = cursor.string();
        if (value.isBlank()) {
            throw cursor.error("must not be empty");
        }
        return value;
    }
}
