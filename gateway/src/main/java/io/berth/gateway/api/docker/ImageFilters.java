package io.berth.gateway.api.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.gateway.projection.ImagesQuery.Image;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code filters} parameter of {@code GET /images/json}: a JSON map from filter name to values, either
 * {@code {"reference":{"demo":true}}} (what the CLI sends) or {@code {"reference":["demo"]}}. Supported:
 * {@code reference} (glob on {@code repo} or {@code repo:tag}, familiar form) and {@code dangling}.
 */
record ImageFilters(Map<String, List<String>> values) {
    private static final List<String> SUPPORTED = List.of("reference", "dangling");

    static ImageFilters parse(String json) {
        Map<String, List<String>> values = new TreeMap<>();
        if (json == null || json.isBlank()) {
            return new ImageFilters(values);
        }
        JsonNode root;
        try {
            root = MessageSerde.standard().json().readTree(json);
        } catch (IOException e) {
            throw new DockerError(400, "invalid filter: " + e.getMessage());
        }
        root.fields().forEachRemaining(f -> {
            if (!SUPPORTED.contains(f.getKey())) {
                throw new DockerError(400, "invalid filter '" + f.getKey() + "'");
            }
            List<String> list = new ArrayList<>();
            if (f.getValue().isArray()) {
                f.getValue().forEach(v -> list.add(v.asText()));
            } else {
                f.getValue().fieldNames().forEachRemaining(list::add);
            }
            values.put(f.getKey(), list);
        });
        for (String d : values.getOrDefault("dangling", List.of())) {
            if (!d.equals("true") && !d.equals("false")) {
                throw new DockerError(400, "Invalid filter 'dangling=" + d + "'");
            }
        }
        return new ImageFilters(values);
    }

    boolean accepts(Image image) {
        List<String> dangling = values.getOrDefault("dangling", List.of());
        if (!dangling.isEmpty() && dangling.contains("true") != image.references().isEmpty()) {
            return false;
        }
        List<String> patterns = values.getOrDefault("reference", List.of());
        return patterns.isEmpty() || image.familiarTags().stream().anyMatch(tag -> patterns.stream().anyMatch(p -> matches(p, tag)));
    }

    /** Docker matches the pattern against {@code repo:tag}, and a pattern without a tag against the repository alone. */
    private static boolean matches(String pattern, String familiarTag) {
        String target = familiarTag;
        int colon = familiarTag.lastIndexOf(':');
        if (!pattern.contains(":") || pattern.lastIndexOf(':') < pattern.lastIndexOf('/')) {
            target = familiarTag.substring(0, colon);
        }
        return FileSystems.getDefault().getPathMatcher("glob:" + pattern).matches(Path.of(target));
    }
}
