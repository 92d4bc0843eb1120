package io.berth.image.archive;

import io.berth.tar.InvalidArchiveException;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.contracts.types.Digest;
import io.berth.contracts.types.ImageReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the images of a plain OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/}), as
 * skopeo or {@code buildx --output type=oci} write it; used when there is no manifest.json. Each index entry
 * names an image manifest; entries for the same manifest are one image with several tags. Tags come from the
 * {@code io.containerd.image.name} annotation, or {@code org.opencontainers.image.ref.name} when that is a full
 * name:tag. A nested index is followed when it holds one image (buildx attestation manifests aside); a
 * multi-platform index is refused, since this package does not choose platforms.
 */
final class OciIndexReader {
    static final String FILE = "index.json";

    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    private static final String IMAGE_NAME = "io.containerd.image.name";
    private static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final String REFERENCE_TYPE = "vnd.docker.reference.type";
    private static final int MAX_NESTING = 4;

    private final ArchiveSpool spool;
    private final Map<Digest, List<ImageReference>> tagsByManifest = new LinkedHashMap<>();

    private OciIndexReader(ArchiveSpool spool) {
        this.spool = spool;
    }

    static List<ArchiveImage> read(ArchiveSpool spool, LayerVerifier verifier) throws IOException {
        OciIndexReader reader = new OciIndexReader(spool);
        JsonNode index = Json.parse(ArchiveFiles.readDocument(spool, FILE, FILE), FILE);
        for (JsonNode descriptor : descriptors(index, FILE)) {
            reader.collect(descriptor, tag(descriptor, FILE), FILE, 0);
        }
        List<ArchiveImage> images = new ArrayList<>();
        for (Map.Entry<Digest, List<ImageReference>> e : reader.tagsByManifest.entrySet()) {
            images.add(reader.image(verifier, e.getKey(), e.getValue()));
        }
        return images;
    }

    private void collect(JsonNode descriptor, Optional<ImageReference> tag, String what, int depth) throws IOException {
        String mediaType = Json.text(descriptor, "mediaType", what + " descriptor");
        Digest digest = Json.digest(Json.text(descriptor, "digest", what + " descriptor"), what + " descriptor");
        switch (mediaType) {
            case OCI_MANIFEST, DOCKER_MANIFEST -> {
                List<ImageReference> tags = tagsByManifest.computeIfAbsent(digest, d -> new ArrayList<>());
                tag.filter(t -> !tags.contains(t)).ifPresent(tags::add);
            }
            case OCI_INDEX, DOCKER_MANIFEST_LIST -> {
                String nested = "index " + digest;
                if (depth >= MAX_NESTING) {
                    throw new InvalidArchiveException(what + ": indexes are nested too deeply");
                }
                JsonNode index = Json.parse(ArchiveFiles.readBlob(spool, digest, nested), nested);
                List<JsonNode> images = new ArrayList<>();
                for (JsonNode d : descriptors(index, nested)) {
                    if (!"attestation-manifest".equals(d.path("annotations").path(REFERENCE_TYPE).asText())) {
                        images.add(d);
                    }
                }
                if (images.size() != 1) {
                    throw new InvalidArchiveException(nested + " holds " + images.size()
                            + " images (multi-platform); only single-platform archives can be loaded");
                }
                Optional<ImageReference> inner = tag.isPresent() ? tag : tag(images.get(0), nested);
                collect(images.get(0), inner, nested, depth + 1);
            }
            default -> throw new InvalidArchiveException(what + ": unsupported media type '" + mediaType + "'");
        }
    }

    private ArchiveImage image(LayerVerifier verifier, Digest manifestDigest, List<ImageReference> tags)
            throws IOException {
        String what = "manifest " + manifestDigest;
        JsonNode manifest = Json.parse(ArchiveFiles.readBlob(spool, manifestDigest, what), what);
        JsonNode configDescriptor = manifest.path("config");
        Digest configDigest = Json.digest(Json.text(configDescriptor, "digest", what + " config"), what + " config");
        byte[] config = ArchiveFiles.readBlob(spool, configDigest, what + " config");
        String image = "image " + (tags.isEmpty() ? configDigest.shortHex() : tags.get(0).familiar());
        List<Digest> diffIds = ImageConfigs.diffIds(config, image + " config");
        List<JsonNode> layerDescriptors = descriptors(manifest, "layers", what);
        if (layerDescriptors.size() != diffIds.size()) {
            throw new InvalidArchiveException(image + ": the manifest lists " + layerDescriptors.size()
                    + " layers but the config lists " + diffIds.size() + " diff_ids");
        }
        List<ArchiveLayer> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            Digest blob = Json.digest(Json.text(layerDescriptors.get(i), "digest", what + " layer"), what + " layer");
            String path = ArchiveFiles.blobPath(blob, what);
            String label = image + " layer " + (i + 1) + " of " + diffIds.size() + " ('" + path + "')";
            layers.add(verifier.layer(ArchiveFiles.require(spool, path, label), blob, diffIds.get(i), label));
        }
        return ArchiveImage.of(config, tags, layers);
    }

    private static List<JsonNode> descriptors(JsonNode index, String what) throws InvalidArchiveException {
        return descriptors(index, "manifests", what);
    }

    private static List<JsonNode> descriptors(JsonNode node, String field, String what) throws InvalidArchiveException {
        JsonNode array = node.get(field);
        if (array == null || !array.isArray()) {
            throw new InvalidArchiveException(what + ": \"" + field + "\" must be an array");
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode d : array) {
            if (!d.isObject()) {
                throw new InvalidArchiveException(what + ": \"" + field + "\" must hold descriptor objects");
            }
            out.add(d);
        }
        return out;
    }

    private static Optional<ImageReference> tag(JsonNode descriptor, String what) throws InvalidArchiveException {
        JsonNode annotations = descriptor.path("annotations");
        String name = annotations.path(IMAGE_NAME).asText("");
        if (name.isEmpty()) {
            String ref = annotations.path(REF_NAME).asText("");
            // A bare "latest" names no repository; only a full name:tag can become a tag.
            name = ref.contains(":") || ref.contains("/") ? ref : "";
        }
        return name.isEmpty() ? Optional.empty() : Optional.of(ArchiveFiles.repoTag(name, what));
    }
}
