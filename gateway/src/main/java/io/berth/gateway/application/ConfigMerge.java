package io.berth.gateway.application;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.contracts.container.ContainerConfig;
import io.berth.contracts.types.ContainerId;
import io.berth.contracts.types.Digest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What dockerd does at create ({@code daemon.merge}): the image's config fills what the request leaves empty, so
 * the runtime never needs the image config and {@code docker inspect} shows what really runs.
 */
public final class ConfigMerge {
    private ConfigMerge() {
    }

    /**
     * @param imageConfig the image config document's {@code config} object (may be missing)
     * @param layers      the image's layer blob digests, bottom to top
     */
    public static ContainerConfig merge(ContainerId id, RequestedConfig request, JsonNode imageConfig, Digest imageId, List<Digest> layers) {
        List<String> entrypoint;
        List<String> cmd;
        if (request.entrypoint() == null || request.entrypoint().isEmpty()) {
            entrypoint = strings(imageConfig.path("Entrypoint"));
            cmd = request.cmd().isEmpty() ? strings(imageConfig.path("Cmd")) : request.cmd();
        } else {
            // A new ENTRYPOINT drops the image's CMD: it was written for the old one.
            boolean cleared = request.entrypoint().size() == 1 && request.entrypoint().get(0).isEmpty();
            entrypoint = cleared ? List.of() : request.entrypoint();
            cmd = request.cmd();
        }
        return new ContainerConfig(request.image(), imageId, layers, entrypoint, cmd,
                env(request.env(), strings(imageConfig.path("Env"))),
                or(request.workingDir(), imageConfig.path("WorkingDir").asText("")),
                or(request.user(), imageConfig.path("User").asText("")),
                request.hostname().isEmpty() ? id.shortId() : request.hostname(),
                labels(request.labels(), imageConfig.path("Labels")),
                exposedPorts(request.exposedPorts(), imageConfig.path("ExposedPorts")),
                emptyToNull(or(request.stopSignal(), imageConfig.path("StopSignal").asText(""))),
                request.stopTimeout(), request.tty(), request.openStdin());
    }

    /** The request's variables, then each image variable whose name the request did not set. */
    static List<String> env(List<String> requested, List<String> image) {
        if (requested.isEmpty()) {
            return image;
        }
        Set<String> keys = new LinkedHashSet<>();
        requested.forEach(e -> keys.add(key(e)));
        List<String> out = new ArrayList<>(requested);
        for (String e : image) {
            if (!keys.contains(key(e))) {
                out.add(e);
            }
        }
        return out;
    }

    private static String key(String variable) {
        int eq = variable.indexOf('=');
        return eq < 0 ? variable : variable.substring(0, eq);
    }

    private static Map<String, String> labels(Map<String, String> requested, JsonNode image) {
        Map<String, String> out = new LinkedHashMap<>();
        image.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
        out.putAll(requested);
        return out;
    }

    private static List<String> exposedPorts(List<String> requested, JsonNode image) {
        Set<String> out = new LinkedHashSet<>(requested);
        image.fieldNames().forEachRemaining(out::add);
        return List.copyOf(out);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static String or(String requested, String image) {
        return requested.isEmpty() ? image : requested;
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
