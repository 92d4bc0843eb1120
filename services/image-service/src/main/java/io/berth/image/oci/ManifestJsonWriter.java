package io.berth.image.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Manifest records → JSON tree, fields in the order of the image spec's Go structs (which is what
 * registries and tools emit), optional fields omitted when null or empty, map keys sorted.
 */
final class ManifestJsonWriter {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ManifestJsonWriter() {
    }

    static ObjectNode manifest(ImageManifest manifest) {
        ObjectNode node = JSON.objectNode();
        node.put("schemaVersion", manifest.schemaVersion());
        putIfPresent(node, "mediaType", manifest.mediaType());
        putIfPresent(node, "artifactType", manifest.artifactType());
        node.set("config", descriptor(manifest.config()));
        node.set("layers", descriptors(manifest.layers()));
        if (manifest.subject() != null) {
            node.set("subject", descriptor(manifest.subject()));
        }
        putIfPresent(node, "annotations", manifest.annotations());
        return node;
    }

    static ObjectNode index(ImageIndex index) {
        ObjectNode node = JSON.objectNode();
        node.put("schemaVersion", index.schemaVersion());
        putIfPresent(node, "mediaType", index.mediaType());
        putIfPresent(node, "artifactType", index.artifactType());
        node.set("manifests", descriptors(index.manifests()));
        if (index.subject() != null) {
            node.set("subject", descriptor(index.subject()));
        }
        putIfPresent(node, "annotations", index.annotations());
        return node;
    }

    static ObjectNode descriptor(Descriptor descriptor) {
        ObjectNode node = JSON.objectNode();
        node.put("mediaType", descriptor.mediaType());
        node.put("digest", descriptor.digest().toString());
        node.put("size", descriptor.size());
        putIfPresent(node, "urls", descriptor.urls());
        putIfPresent(node, "annotations", descriptor.annotations());
        if (descriptor.platform() != null) {
            node.set("platform", platform(descriptor.platform()));
        }
        putIfPresent(node, "artifactType", descriptor.artifactType());
        return node;
    }

    static ObjectNode platform(Platform platform) {
        ObjectNode node = JSON.objectNode();
        node.put("architecture", platform.architecture());
        node.put("os", platform.os());
        putIfPresent(node, "os.version", platform.osVersion());
        putIfPresent(node, "os.features", platform.osFeatures());
        putIfPresent(node, "variant", platform.variant());
        return node;
    }

    private static ArrayNode descriptors(List<Descriptor> descriptors) {
        ArrayNode array = JSON.arrayNode(descriptors.size());
        descriptors.forEach(d -> array.add(descriptor(d)));
        return array;
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    private static void putIfPresent(ObjectNode node, String name, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = node.putArray(name);
            values.forEach(array::add);
        }
    }

    private static void putIfPresent(ObjectNode node, String name, Map<String, String> sortedValues) {
        if (!sortedValues.isEmpty()) {
            ObjectNode object = node.putObject(name);
            sortedValues.forEach(object::put);
        }
    }
}
