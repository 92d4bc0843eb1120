package io.berth.image.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.image.oci.RunConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The committed container's own config, in Docker's {@code Config} shape ({@code Cmd}, {@code Entrypoint}, {@code Env},
 * {@code WorkingDir}, {@code User}, {@code Labels}, {@code ExposedPorts}, {@code StopSignal}). Docker's commit starts
 * from the container's config, not the image's: what {@code docker run} set (a command, {@code -e}, {@code -w}) is
 * what the new image runs, before the {@code --change} instructions. A field absent here keeps the parent image's
 * value; a present one replaces it (null or empty clears it, as a container without an entrypoint has none).
 */
public final class ContainerConfigHints {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode tree;

    private ContainerConfigHints(JsonNode tree) {
        this.tree = tree;
    }

    public static ContainerConfigHints none() {
        return new ContainerConfigHints(JSON.createObjectNode());
    }

    public static ContainerConfigHints parse(byte[] json) {
        try {
            JsonNode tree = JSON.readTree(json);
            if (tree == null || !tree.isObject()) {
                throw new IllegalArgumentException("the container config must be a JSON object");
            }
            return new ContainerConfigHints(tree);
        } catch (IOException e) {
            throw new IllegalArgumentException("the container config is not valid JSON: " + e.getMessage());
        }
    }

    /** The container's command, which Docker's commit writes as the history entry's {@code created_by}. */
    public List<String> cmd() {
        return strings("Cmd");
    }

    /** The parent's run config with the container's values in place of the parent's. */
    public RunConfig applyTo(RunConfig parent) {
        RunConfig c = parent;
        if (tree.has("Cmd")) {
            c = c.withCmd(orNull(strings("Cmd")));
        }
        if (tree.has("Entrypoint")) {
            c = c.withEntrypoint(orNull(strings("Entrypoint")));
        }
        if (tree.has("Env")) {
            c = c.withEnv(orNull(strings("Env")));
        }
        if (tree.has("WorkingDir")) {
            c = c.withWorkingDir(blankToNull(tree.get("WorkingDir").asText("")));
        }
        if (tree.has("User")) {
            c = c.withUser(blankToNull(tree.get("User").asText("")));
        }
        if (tree.has("StopSignal")) {
            c = c.withStopSignal(blankToNull(tree.get("StopSignal").asText("")));
        }
        if (tree.has("Labels")) {
            Map<String, String> labels = new LinkedHashMap<>();
            tree.get("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            c = c.withLabels(labels.isEmpty() ? null : labels);
        }
        if (tree.has("ExposedPorts")) {
            Set<String> ports = new LinkedHashSet<>();
            JsonNode node = tree.get("ExposedPorts");
            if (node.isObject()) {
                node.fieldNames().forEachRemaining(ports::add);
            } else {
                node.forEach(p -> ports.add(p.asText()));
            }
            c = c.withExposedPorts(ports.isEmpty() ? null : ports);
        }
        return c;
    }

    private List<String> strings(String field) {
        List<String> out = new ArrayList<>();
        JsonNode node = tree.path(field);
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static List<String> orNull(List<String> values) {
        return values.isEmpty() ? null : values;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
