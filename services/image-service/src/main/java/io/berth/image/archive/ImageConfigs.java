package io.berth.image.archive;

import io.berth.tar.InvalidArchiveException;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.contracts.types.Digest;
import java.util.ArrayList;
import java.util.List;

/** The one thing this package needs from an image config: rootfs.diff_ids, bottom layer first. */
final class ImageConfigs {
    private ImageConfigs() {
    }

    static List<Digest> diffIds(byte[] config, String what) throws InvalidArchiveException {
        JsonNode root = Json.parse(config, what);
        if (!root.isObject()) {
            throw new InvalidArchiveException(what + " is not a JSON object");
        }
        JsonNode rootfs = root.get("rootfs");
        if (rootfs == null || !rootfs.isObject()) {
            throw new InvalidArchiveException(what + " has no rootfs");
        }
        List<Digest> diffIds = new ArrayList<>();
        for (String id : Json.texts(rootfs, "diff_ids", what + " rootfs")) {
            diffIds.add(Json.digest(id, what + " rootfs.diff_ids"));
        }
        return diffIds;
    }
}
