package io.berth.gateway.api.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.contracts.container.HostSettings;
import io.berth.contracts.container.HostSettings.PortBinding;
import io.berth.contracts.container.RestartPolicy;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.gateway.application.RequestedConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /containers/create}, read with dockerd's checks and messages. Unknown fields are
 * ignored (CLI 28 sends fields newer than the API version it negotiated).
 */
record ContainerCreateRequest(RequestedConfig config, HostSettings hostSettings) {
    /** dockerd's {@code linuxMinMemory}. */
    static final long MIN_MEMORY = 6 * 1024 * 1024;

    static ContainerCreateRequest parse(String contentType, String body) {
        if (contentType != null && !contentType.isEmpty() && !contentType.split(";")[0].trim().equalsIgnoreCase("application/json")) {
            throw new DockerError(400, "Content-Type specified (" + contentType + ") must be 'application/json'");
        }
        JsonNode root;
        try {
            root = MessageSerde.standard().json().readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (JsonEOFException e) {
            throw new DockerError(500, "unexpected EOF"); // dockerd 20.10 answers a cut-off body this way
        } catch (JsonProcessingException e) {
            throw new DockerError(500, e.getOriginalMessage());
        }
        return new ContainerCreateRequest(config(root), hostSettings(root.path("HostConfig")));
    }

    private static RequestedConfig config(JsonNode c) {
        List<String> exposed = new ArrayList<>();
        c.path("ExposedPorts").fieldNames().forEachRemaining(p -> exposed.add(PortSpec.containerPort(p)));
        Map<String, String> labels = new LinkedHashMap<>();
        c.path("Labels").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
        JsonNode entrypoint = c.path("Entrypoint");
        return new RequestedConfig(text(c, "Image"), entrypoint.isMissingNode() || entrypoint.isNull() ? null : strings(entrypoint),
                strings(c.path("Cmd")), strings(c.path("Env")), text(c, "WorkingDir"), text(c, "User"), text(c, "Hostname"),
                labels, exposed, text(c, "StopSignal"), c.hasNonNull("StopTimeout") ? c.get("StopTimeout").asInt() : null,
                c.path("Tty").asBoolean(false), c.path("OpenStdin").asBoolean(false));
    }

    private static HostSettings hostSettings(JsonNode h) {
        List<PortBinding> bindings = new ArrayList<>();
        h.path("PortBindings").fields().forEachRemaining(f -> {
            String port = PortSpec.containerPort(f.getKey());
            if (!f.getValue().isArray() || f.getValue().isEmpty()) {
                bindings.add(new PortBinding(port, "", ""));
            }
            f.getValue().forEach(b -> bindings.add(new PortBinding(port, b.path("HostIp").asText(""), PortSpec.hostPort(b.path("HostPort").asText("")))));
        });
        long memory = h.path("Memory").asLong(0);
        if (memory != 0 && memory < MIN_MEMORY) {
            throw new DockerError(400, "Minimum memory limit allowed is 6MB");
        }
        return new HostSettings(strings(h.path("Binds")), bindings, text(h, "NetworkMode"), restartPolicy(h.path("RestartPolicy")),
                h.path("AutoRemove").asBoolean(false), memory, h.path("MemorySwap").asLong(0), h.path("NanoCpus").asLong(0),
                h.path("CpuShares").asLong(0), Math.max(0, h.path("PidsLimit").asLong(0)), h.path("ReadonlyRootfs").asBoolean(false));
    }

    /** dockerd's {@code validateRestartPolicy}, with its messages. */
    static RestartPolicy restartPolicy(JsonNode p) {
        String name = p.path("Name").asText("");
        int retries = p.path("MaximumRetryCount").asInt(0);
        switch (name) {
            case "", "no", "always", "unless-stopped" -> {
                if (retries != 0) {
                    throw new DockerError(400, "maximum retry count cannot be used with restart policy '" + name + "'");
                }
            }
            case "on-failure" -> {
                if (retries < 0) {
                    throw new DockerError(400, "maximum retry count cannot be negative");
                }
            }
            default -> throw new DockerError(400, "invalid restart policy '" + name + "'");
        }
        return new RestartPolicy(name, retries);
    }

    /** Docker's strslice: a JSON array, or one string. */
    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(v -> out.add(v.asText()));
        } else if (n.isTextual()) {
            out.add(n.asText());
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNull() || v.isMissingNode() ? "" : v.asText();
    }
}
