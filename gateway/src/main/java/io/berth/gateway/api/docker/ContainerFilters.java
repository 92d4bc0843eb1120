package io.berth.gateway.api.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.gateway.projection.ContainersQuery.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code filters} of {@code docker ps}: {@code id} (prefix), {@code name} (regular expression on {@code /name}),
 * {@code label} ({@code key} or {@code key=value}), {@code status}, {@code ancestor} (image as named, or its id) and
 * {@code exited} (exit code). Values of one key are alternatives (labels excepted: each must match, as in dockerd);
 * different keys must all match.
 *
 * @param ancestorIds for each {@code ancestor} value, the id of the image it names (null when none does)
 */
record ContainerFilters(Map<String, List<String>> values, Map<String, String> ancestorIds) {
    private static final Set<String> SUPPORTED = Set.of("id", "name", "label", "status", "ancestor", "exited");
    private static final Set<String> STATUSES = Set.of("created", "restarting", "running", "removing", "paused", "exited", "dead");

    static ContainerFilters parse(String json) {
        Map<String, List<String>> values = new TreeMap<>();
        if (json == null || json.isBlank()) {
            return new ContainerFilters(values, Map.of());
        }
        JsonNode root;
        try {
            root = MessageSerde.standard().json().readTree(json);
        } catch (JsonProcessingException e) {
            throw new DockerError(500, e.getOriginalMessage()); // dockerd 20.10 answers malformed filters with 500
        }
        root.fields().forEachRemaining(f -> {
            if (!SUPPORTED.contains(f.getKey())) {
                throw new DockerError(400, "Invalid filter '" + f.getKey() + "'");
            }
            List<String> list = new ArrayList<>();
            if (f.getValue().isArray()) {
                f.getValue().forEach(v -> list.add(v.asText()));
            } else {
                f.getValue().fieldNames().forEachRemaining(list::add);
            }
            values.put(f.getKey(), list);
        });
        for (String s : values.getOrDefault("status", List.of())) {
            if (!STATUSES.contains(s)) {
                throw new DockerError(400, "Unrecognised filter value for status: " + s);
            }
        }
        for (String code : values.getOrDefault("exited", List.of())) {
            if (!code.matches("-?\\d+")) {
                throw new DockerError(400, "strconv.Atoi: parsing \"" + code + "\": invalid syntax");
            }
        }
        for (String name : values.getOrDefault("name", List.of())) {
            try {
                Pattern.compile(name);
            } catch (PatternSyntaxException e) {
                throw new DockerError(400, "error parsing regexp: " + e.getDescription() + ": `" + name + "`");
            }
        }
        return new ContainerFilters(values, Map.of());
    }

    List<String> ancestors() {
        return values.getOrDefault("ancestor", List.of());
    }

    /** The same filters, with the image ids the {@code ancestor} values name (resolved by the caller). */
    ContainerFilters withAncestors(Function<String, String> imageIdOf) {
        Map<String, String> ids = new TreeMap<>();
        ancestors().forEach(a -> {
            String id = imageIdOf.apply(a);
            if (id != null) {
                ids.put(a, id);
            }
        });
        return new ContainerFilters(values, ids);
    }

    boolean accepts(Container c) {
        return any("id", v -> c.id().startsWith(v))
                && any("name", v -> Pattern.compile(v).matcher("/" + c.name()).find())
                && values.getOrDefault("label", List.of()).stream().allMatch(v -> label(c, v)) // labels must all match
                && any("status", v -> c.status().equals(v))
                && any("ancestor", v -> v.equals(c.image()) || (ancestorIds.containsKey(v) && ancestorIds.get(v).equals(c.imageId())))
                && any("exited", v -> c.status().equals("exited") && c.startedAt() != null && c.exitCode() == Integer.parseInt(v));
    }

    private boolean any(String key, java.util.function.Predicate<String> test) {
        List<String> vs = values.getOrDefault(key, List.of());
        return vs.isEmpty() || vs.stream().anyMatch(test);
    }

    private static boolean label(Container c, String filter) {
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return c.config().labels().containsKey(filter);
        }
        return filter.substring(eq + 1).equals(c.config().labels().get(filter.substring(0, eq)));
    }
}
