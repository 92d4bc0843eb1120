package io.berth.gateway.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.berth.contracts.container.ContainerConfig;
import io.berth.contracts.types.ContainerId;
import io.berth.contracts.types.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** dockerd's create-time merge, one golden file per rule under {@code src/test/resources/config-merge/}. */
class ConfigMergeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ContainerId ID = new ContainerId("4f3c2a1b0e9d8c7b6a5f4e3d2c1b0a99887766554433221100ffeeddccbbaa99");
    private static final Digest IMAGE = Digest.parse("sha256:" + "a1".repeat(32));
    private static final List<Digest> LAYERS = List.of(Digest.parse("sha256:" + "b2".repeat(32)));

    static Stream<String> cases() {
        return Stream.of("request-cmd-replaces-image-cmd", "request-entrypoint-drops-image-cmd", "image-entrypoint-with-request-cmd",
                "env-merged-by-key", "entrypoint-cleared", "image-without-config");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void mergesAsDockerd(String name) throws IOException {
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream("/config-merge/" + name + ".json")) {
            golden = JSON.readTree(in);
        }
        JsonNode image = golden.get("image").isNull() ? MissingNode.getInstance() : golden.get("image");
        ContainerConfig merged = ConfigMerge.merge(ID, requested(golden.get("request")), image, IMAGE, LAYERS);

        JsonNode e = golden.get("expected");
        String why = golden.get("why").asText();
        assertEquals(strings(e.get("entrypoint")), merged.entrypoint(), why);
        assertEquals(strings(e.get("cmd")), merged.cmd(), why);
        assertEquals(strings(e.get("env")), merged.env(), why);
        assertEquals(e.get("workingDir").asText(), merged.workingDir(), why);
        assertEquals(e.get("user").asText(), merged.user(), why);
        assertEquals(e.get("hostname").asText().replace("SHORTID", ID.shortId()), merged.hostname(), why);
        assertEquals(JSON.convertValue(e.get("labels"), new TypeReference<Map<String, String>>() { }), merged.labels(), why);
        assertEquals(strings(e.get("exposedPorts")), merged.exposedPorts(), why);
        assertEquals(e.get("stopSignal").isNull() ? null : e.get("stopSignal").asText(), merged.stopSignal(), why);
        assertEquals(IMAGE, merged.imageId());
        assertEquals(LAYERS, merged.layers());
        assertEquals(golden.get("request").get("Image").asText(), merged.image());
    }

    /** The request as the API reads it: null Entrypoint stays null, every other absent field is empty. */
    private static RequestedConfig requested(JsonNode r) {
        JsonNode ep = r.path("Entrypoint");
        Map<String, String> labels = new LinkedHashMap<>();
        r.path("Labels").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
        List<String> exposed = new ArrayList<>();
        r.path("ExposedPorts").fieldNames().forEachRemaining(exposed::add);
        return new RequestedConfig(r.path("Image").asText(), ep.isMissingNode() || ep.isNull() ? null : strings(ep), strings(r.path("Cmd")),
                strings(r.path("Env")), r.path("WorkingDir").asText(""), r.path("User").asText(""), r.path("Hostname").asText(""),
                labels, exposed, r.path("StopSignal").asText(""), null, false, false);
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(v -> out.add(v.asText()));
        }
        return out;
    }
}
