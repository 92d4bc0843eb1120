package io.berth.image.oci;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.contracts.types.Digest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * An image config: platform, run defaults, the diff_ids of the layers and their history.
 *
 * <p>It wraps the JSON object itself rather than copying it into fields, because configs carry
 * much Berth does not model (Docker's {@code container_config}, {@code docker_version},
 * BuildKit's build info…) and a digest changes if any of it is lost or reordered. Typed accessors
 * read the tree; withers return a new config with one field changed in place, unknown fields and
 * key order untouched. Parsed configs are validated up front, so accessors never fail later.
 *
 * <p>Example (abbreviated): {@code {"architecture":"amd64","os":"linux","config":{"Env":["PATH=…"],"Cmd":["sh"]},
 * "rootfs":{"type":"layers","diff_ids":["sha256:…"]},"history":[{"created":"…","created_by":"…"}]}}
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/config.md">OCI image config</a>
 */
public final class ImageConfig {
    static final String DOCUMENT = "image config";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final FieldOrder ORDER = new FieldOrder("created", "author", "architecture", "os", "os.version",
            "os.features", "variant", "config", "rootfs", "history");
    private static final FieldOrder ROOTFS_ORDER = new FieldOrder("type", "diff_ids");

    private final ObjectNode tree;

    private ImageConfig(ObjectNode tree) {
        this.tree = tree;
    }

    /** A config with no layers and no run defaults, to build an image from scratch. */
    public static ImageConfig forPlatform(Platform platform) {
        ObjectNode rootfs = JSON.objectNode().put("type", "layers");
        rootfs.putArray("diff_ids");
        return new ImageConfig(JSON.objectNode()).withPlatform(platform).with("rootfs", rootfs);
    }

    static ImageConfig fromTree(JsonCursor root) {
        ImageConfig config = new ImageConfig(root.object().deepCopy());
        config.validate();
        return config;
    }

    public String architecture() {
        return field("architecture").string();
    }

    public String os() {
        return field("os").string();
    }

    public Optional<String> variant() {
        return Optional.ofNullable(field("variant").optionalString());
    }

    public Optional<String> osVersion() {
        return Optional.ofNullable(field("os.version").optionalString());
    }

    public List<String> osFeatures() {
        return field("os.features").strings();
    }

    public Platform platform() {
        return new Platform(architecture(), os(), variant().orElse(null), osVersion().orElse(null), osFeatures());
    }

    public Optional<Instant> created() {
        JsonCursor created = field("created");
        return created.isAbsent() ? Optional.empty() : Optional.of(Rfc3339.parse(created));
    }

    public Optional<String> author() {
        return Optional.ofNullable(field("author").optionalString());
    }

    /** The run defaults; empty if the config has none. */
    public RunConfig config() {
        return RunConfig.from(field("config"));
    }

    /** Digests of the uncompressed layers, base first. */
    public List<Digest> diffIds() {
        List<Digest> diffIds = new ArrayList<>();
        for (JsonCursor diffId : field("rootfs").field("diff_ids").elements()) {
            diffIds.add(diffId.digest());
        }
        return Collections.unmodifiableList(diffIds);
    }

    public List<History> history() {
        List<History> history = new ArrayList<>();
        for (JsonCursor entry : field("history").elements()) {
            entry.object();
            JsonCursor created = entry.field("created");
            history.add(new History(created.isAbsent() ? null : Rfc3339.parse(created),
                    entry.field("created_by").optionalString(), entry.field("author").optionalString(),
                    entry.field("comment").optionalString(), entry.field("empty_layer").optionalBoolean()));
        }
        return Collections.unmodifiableList(history);
    }

    public ImageConfig withPlatform(Platform platform) {
        return with("architecture", JSON.textNode(platform.architecture()))
                .with("os", JSON.textNode(platform.os()))
                .with("os.version", text(platform.osVersion()))
                .with("os.features", platform.osFeatures().isEmpty() ? null : strings(platform.osFeatures()))
                .with("variant", text(platform.variant()));
    }

    public ImageConfig withCreated(Instant created) {
        return with("created", created == null ? null : JSON.textNode(Rfc3339.format(created)));
    }

    public ImageConfig withAuthor(String author) {
        return with("author", text(author));
    }

    public ImageConfig withConfig(RunConfig config) {
        return with("config", config == null ? null : config.tree().deepCopy());
    }

    /** Adds the diff_id of a new top layer; pair it with a history entry that is not an empty layer. */
    public ImageConfig withDiffIdAppended(Digest diffId) {
        List<Digest> diffIds = new ArrayList<>(diffIds());
        diffIds.add(diffId);
        return withDiffIds(diffIds);
    }

    public ImageConfig withDiffIds(List<Digest> diffIds) {
        ArrayNode array = JSON.arrayNode(diffIds.size());
        diffIds.forEach(d -> array.add(d.toString()));
        ObjectNode rootfs = field("rootfs").isAbsent() ? JSON.objectNode() : field("rootfs").object();
        rootfs = ROOTFS_ORDER.with(ROOTFS_ORDER.with(rootfs, "type", JSON.textNode("layers")), "diff_ids", array);
        return with("rootfs", rootfs);
    }

    public ImageConfig withHistoryAppended(History entry) {
        ArrayNode history = field("history").isAbsent() ? JSON.arrayNode() : (ArrayNode) tree.get("history").deepCopy();
        history.add(historyNode(entry));
        return with("history", history);
    }

    /** The wrapped object, for {@link CanonicalJson}; never mutated, never handed out. */
    ObjectNode tree() {
        return tree;
    }

    /** Equal when they serialise to the same bytes, i.e. have the same digest. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ImageConfig that && Arrays.equals(CanonicalJson.write(this), CanonicalJson.write(that));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(CanonicalJson.write(this));
    }

    @Override
    public String toString() {
        return new String(CanonicalJson.write(this), UTF_8);
    }

    private void validate() {
        if (architecture().isBlank()) {
            throw field("architecture").error("must not be empty");
        }
        if (os().isBlank()) {
            throw field("os").error("must not be empty");
        }
        variant();
        osVersion();
        osFeatures();
        created();
        author();
        config();
        JsonCursor type = field("rootfs").field("type");
        if (!type.isAbsent() && !"layers".equals(type.string())) {
            throw type.error("expected \"layers\", got \"" + type.string() + "\"");
        }
        diffIds();
        history();
    }

    /** Fields in the order of the OCI spec's History struct, absent ones omitted. */
    private static ObjectNode historyNode(History entry) {
        ObjectNode node = JSON.objectNode();
        if (entry.created() != null) {
            node.put("created", Rfc3339.format(entry.created()));
        }
        putIfPresent(node, "created_by", entry.createdBy());
        putIfPresent(node, "author", entry.author());
        putIfPresent(node, "comment", entry.comment());
        if (entry.emptyLayer() != null) {
            node.put("empty_layer", entry.emptyLayer());
        }
        return node;
    }

    private JsonCursor field(String name) {
        return JsonCursor.root(DOCUMENT, tree).field(name);
    }

    private ImageConfig with(String name, JsonNode value) {
        return new ImageConfig(ORDER.with(tree, name, value));
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    private static JsonNode text(String value) {
        return value == null ? null : JSON.textNode(value);
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.arrayNode(values.size());
        values.forEach(array::add);
        return array;
    }
}
