package io.berth.image.archive;

import io.berth.tar.InvalidArchiveException;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.contracts.types.Digest;
import io.berth.contracts.types.ImageReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the images a {@code manifest.json} lists: {@code [{"Config", "RepoTags", "Layers"}]}. Paths are
 * {@code <hex>.json} and {@code <id>/layer.tar} (Docker ≤24) or {@code blobs/sha256/<hex>} (Docker ≥25); any
 * other path inside the archive is accepted as well, as {@code docker load} does.
 */
final class ManifestJsonReader {
    static final String FILE = "manifest.json";

    private ManifestJsonReader() {
    }

    static List<ArchiveImage> read(ArchiveSpool spool, LayerVerifier verifier) throws IOException {
        JsonNode root = Json.parse(ArchiveFiles.readDocument(spool, FILE, FILE), FILE);
        if (!root.isArray()) {
            throw new InvalidArchiveException(FILE + " must be a JSON array (an archive without images has [])");
        }
        List<ArchiveImage> images = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            images.add(image(spool, verifier, root.get(i), FILE + " entry " + (i + 1)));
        }
        return images;
    }

    private static ArchiveImage image(ArchiveSpool spool, LayerVerifier verifier, JsonNode item, String what)
            throws IOException {
        if (!item.isObject()) {
            throw new InvalidArchiveException(what + " is not a JSON object");
        }
        String configPath = Json.text(item, "Config", what);
        byte[] config = ArchiveFiles.readDocument(spool, configPath, what + " config");
        ArchiveFiles.checkNamedDigest(configPath, config, what + " config '" + configPath + "'");
        List<ImageReference> tags = new ArrayList<>();
        for (String tag : Json.texts(item, "RepoTags", what)) {
            tags.add(ArchiveFiles.repoTag(tag, what));
        }
        String image = "image " + (tags.isEmpty() ? Sha256.of(config).shortHex() : tags.get(0).familiar());
        List<Digest> diffIds = ImageConfigs.diffIds(config, image + " config");
        List<String> layerPaths = Json.texts(item, "Layers", what);
        if (layerPaths.size() != diffIds.size()) {
            throw new InvalidArchiveException(image + ": " + FILE + " lists " + layerPaths.size()
                    + " layers but the config lists " + diffIds.size() + " diff_ids");
        }
        List<ArchiveLayer> layers = new ArrayList<>();
        for (int i = 0; i < layerPaths.size(); i++) {
            String label = image + " layer " + (i + 1) + " of " + layerPaths.size() + " ('" + layerPaths.get(i) + "')";
            layers.add(verifier.layer(ArchiveFiles.require(spool, layerPaths.get(i), label), null, diffIds.get(i), label));
        }
        return ArchiveImage.of(config, tags, layers);
    }
}
