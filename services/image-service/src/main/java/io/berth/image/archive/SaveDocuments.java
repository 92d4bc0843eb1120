package io.berth.image.archive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.contracts.types.Digest;
import io.berth.contracts.types.ImageReference;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON files of a Docker ≥25 {@code docker save} archive, byte for byte as Go marshals them: compact, fields
 * in struct order, map keys sorted; manifest.json and repositories end with a newline (json.Encoder), the OCI
 * documents do not (json.Marshal).
 */
final class SaveDocuments {
    static final String OCI_LAYOUT = "{\"imageLayoutVersion\": \"1.0.0\"}";
    static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
    static final String CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
    static final String LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar";

    private SaveDocuments() {
    }

    /** An OCI image manifest whose layers are the uncompressed tars, addressed by diffID. */
    static byte[] ociManifest(ArchiveImage image, Map<Digest, Long> layerSizes) {
        ObjectNode manifest = Json.object();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MANIFEST_MEDIA_TYPE);
        manifest.set("config", descriptor(CONFIG_MEDIA_TYPE, image.imageId(), image.config().length));
        ArrayNode layers = manifest.putArray("layers");
        for (ArchiveLayer layer : image.layers()) {
            layers.add(descriptor(LAYER_MEDIA_TYPE, layer.diffId(), layerSizes.get(layer.diffId())));
        }
        return Json.bytes(manifest);
    }

    /** One index entry per tag (annotated with the full name and the tag), or one bare entry for an untagged image. */
    static byte[] index(List<ArchiveImage> images, Map<Digest, byte[]> manifests) {
        ObjectNode index = Json.object();
        index.put("schemaVersion", 2);
        index.put("mediaType", INDEX_MEDIA_TYPE);
        ArrayNode entries = index.putArray("manifests");
        for (ArchiveImage image : images) {
            byte[] manifest = manifests.get(image.imageId());
            if (image.repoTags().isEmpty()) {
                entries.add(descriptor(MANIFEST_MEDIA_TYPE, Sha256.of(manifest), manifest.length));
            }
            for (ImageReference tag : image.repoTags()) {
                ObjectNode entry = descriptor(MANIFEST_MEDIA_TYPE, Sha256.of(manifest), manifest.length);
                ObjectNode annotations = entry.putObject("annotations");
                annotations.put("io.containerd.image.name", tag.canonical());
                annotations.put("org.opencontainers.image.ref.name", tag.tag());
                entries.add(entry);
            }
        }
        return Json.bytes(index);
    }

    /** The legacy index {@code docker load} reads; LayerSources describes each layer blob as Docker ≥25 does. */
    static byte[] manifestJson(List<ArchiveImage> images, Map<Digest, Long> layerSizes) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (ArchiveImage image : images) {
            ObjectNode item = items.addObject();
            item.put("Config", blobPath(image.imageId()));
            if (image.repoTags().isEmpty()) {
                item.putNull("RepoTags");
            } else {
                ArrayNode tags = item.putArray("RepoTags");
                image.repoTags().forEach(t -> tags.add(t.familiar()));
            }
            ArrayNode layers = item.putArray("Layers");
            Map<String, ObjectNode> sources = new TreeMap<>();
            for (ArchiveLayer layer : image.layers()) {
                layers.add(blobPath(layer.diffId()));
                ObjectNode source = Json.object();
                source.put("mediaType", LAYER_MEDIA_TYPE);
                source.put("size", layerSizes.get(layer.diffId()));
                source.put("digest", layer.diffId().toString());
                sources.put(layer.diffId().toString(), source);
            }
            if (!sources.isEmpty()) {
                item.putObject("LayerSources").setAll(sources);
            }
        }
        return withNewline(Json.bytes(items));
    }

    /** Absent when no image has a tag. {"busybox":{"latest":"<top layer diffID hex>"}}: the pre-1.10 index, still written by Docker ≥25. */
    static Optional<byte[]> repositories(List<ArchiveImage> images) {
        Map<String, Map<String, String>> repos = new TreeMap<>();
        for (ArchiveImage image : images) {
            if (image.layers().isEmpty()) {
                continue;
            }
            String top = image.layers().get(image.layers().size() - 1).diffId().hex();
            for (ImageReference tag : image.repoTags()) {
                repos.computeIfAbsent(familiarName(tag), k -> new TreeMap<>()).put(tag.tag(), top);
            }
        }
        return repos.isEmpty() ? Optional.empty() : Optional.of(withNewline(Json.bytes(Json.MAPPER.valueToTree(repos))));
    }

    static String blobPath(Digest digest) {
        return "blobs/" + digest.algorithm() + "/" + digest.hex();
    }

    static byte[] ociLayout() {
        return OCI_LAYOUT.getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode descriptor(String mediaType, Digest digest, long size) {
        ObjectNode descriptor = Json.object();
        descriptor.put("mediaType", mediaType);
        descriptor.put("digest", digest.toString());
        descriptor.put("size", size);
        return descriptor;
    }

    private static String familiarName(ImageReference tag) {
        String familiar = tag.familiar();
        return familiar.substring(0, familiar.length() - tag.tag().length() - 1);
    }

    private static byte[] withNewline(byte[] json) {
        byte[] out = Arrays.copyOf(json, json.length + 1);
        out[json.length] = '\n';
        return out;
    }
}
