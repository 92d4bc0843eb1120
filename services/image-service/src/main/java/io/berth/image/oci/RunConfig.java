package io.berth.image.oci;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code config} object of an image config: the defaults a container starts with. Field names
 * are Docker's capitalised ones, which OCI adopted. Like {@link ImageConfig} this wraps the JSON
 * object itself, so fields Berth does not model (Docker's Hostname, AttachStdin…) survive.
 * Immutable: withers return a new value; setting null removes the field.
 */
public final class RunConfig {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String PATH = "config";
    private static final FieldOrder ORDER = new FieldOrder("User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes",
            "WorkingDir", "Labels", "StopSignal", "ArgsEscaped", "Healthcheck", "OnBuild", "Shell");

    private final ObjectNode tree;

    private RunConfig(ObjectNode tree) {
        this.tree = tree;
    }

    public static RunConfig empty() {
        return new RunConfig(JSON.objectNode());
    }

    /** Reads and validates {@code cursor}; an absent or null config is an empty one. */
    static RunConfig from(JsonCursor cursor) {
        RunConfig config = new RunConfig(cursor.isAbsent() ? JSON.objectNode() : cursor.object().deepCopy());
        config.validate();
        return config;
    }

    public Optional<String> user() {
        return Optional.ofNullable(field("User").optionalString());
    }

    /** Ports as Docker writes them, e.g. {@code 8080/tcp}. */
    public Set<String> exposedPorts() {
        return field("ExposedPorts").keys();
    }

    /** {@code NAME=value} entries. */
    public List<String> env() {
        return field("Env").strings();
    }

    public List<String> entrypoint() {
        return field("Entrypoint").strings();
    }

    public List<String> cmd() {
        return field("Cmd").strings();
    }

    public Set<String> volumes() {
        return field("Volumes").keys();
    }

    public Optional<String> workingDir() {
        return Optional.ofNullable(field("WorkingDir").optionalString());
    }

    public Map<String, String> labels() {
        return field("Labels").stringMap();
    }

    public Optional<String> stopSignal() {
        return Optional.ofNullable(field("StopSignal").optionalString());
    }

    /** Windows only: Cmd/Entrypoint are already escaped. */
    public boolean argsEscaped() {
        return Boolean.TRUE.equals(field("ArgsEscaped").optionalBoolean());
    }

    public Optional<Healthcheck> healthcheck() {
        JsonCursor check = field("Healthcheck");
        if (check.isAbsent()) {
            return Optional.empty();
        }
        check.object();
        Long retries = check.field("Retries").optionalNonNegativeLong();
        if (retries != null && retries > Integer.MAX_VALUE) {
            throw check.field("Retries").error("too large: " + retries);
        }
        return Optional.of(new Healthcheck(check.field("Test").strings(), duration(check.field("Interval")),
                duration(check.field("Timeout")), duration(check.field("StartPeriod")),
                duration(check.field("StartInterval")), retries == null ? null : retries.intValue()));
    }

    /** ONBUILD instructions, run when this image is used as a base. */
    public List<String> onBuild() {
        return field("OnBuild").strings();
    }

    /** SHELL: the shell used for the shell form of RUN, CMD and ENTRYPOINT. */
    public List<String> shell() {
        return field("Shell").strings();
    }

    public RunConfig withUser(String user) {
        return with("User", text(user));
    }

    public RunConfig withExposedPorts(Set<String> ports) {
        return with("ExposedPorts", keySet(ports));
    }

    public RunConfig withEnv(List<String> env) {
        return with("Env", strings(env));
    }

    /** Sets one variable, replacing an earlier value in place (as ENV does) or appending it. */
    public RunConfig withEnv(String name, String value) {
        List<String> env = new ArrayList<>(env());
        String entry = name + "=" + value;
        int existing = -1;
        for (int i = 0; i < env.size() && existing < 0; i++) {
            if (env.get(i).startsWith(name + "=") || env.get(i).equals(name)) {
                existing = i;
            }
        }
        if (existing >= 0) {
            env.set(existing, entry);
        } else {
            env.add(entry);
        }
        return withEnv(env);
    }

    public RunConfig withEntrypoint(List<String> entrypoint) {
        return with("Entrypoint", strings(entrypoint));
    }

    public RunConfig withCmd(List<String> cmd) {
        return with("Cmd", strings(cmd));
    }

    public RunConfig withVolumes(Set<String> volumes) {
        return with("Volumes", keySet(volumes));
    }

    public RunConfig withWorkingDir(String workingDir) {
        return with("WorkingDir", text(workingDir));
    }

    /** Replaces all labels; they are written sorted by key, as Go writes maps. */
    public RunConfig withLabels(Map<String, String> labels) {
        if (labels == null) {
            return with("Labels", null);
        }
        ObjectNode node = JSON.objectNode();
        new TreeMap<>(labels).forEach(node::put);
        return with("Labels", node);
    }

    public RunConfig withLabel(String key, String value) {
        Map<String, String> labels = new LinkedHashMap<>(labels());
        labels.put(key, value);
        return withLabels(labels);
    }

    public RunConfig withStopSignal(String signal) {
        return with("StopSignal", text(signal));
    }

    /** False removes the field, as Go's omitempty would. */
    public RunConfig withArgsEscaped(boolean argsEscaped) {
        return with("ArgsEscaped", argsEscaped ? JSON.booleanNode(true) : null);
    }

    public RunConfig withHealthcheck(Healthcheck check) {
        if (check == null) {
            return with("Healthcheck", null);
        }
        ObjectNode node = JSON.objectNode();
        if (!check.test().isEmpty()) {
            node.set("Test", strings(check.test()));
        }
        putDuration(node, "Interval", check.interval());
        putDuration(node, "Timeout", check.timeout());
        putDuration(node, "StartPeriod", check.startPeriod());
        putDuration(node, "StartInterval", check.startInterval());
        if (check.retries() != null && check.retries() != 0) {
            node.put("Retries", check.retries());
        }
        return with("Healthcheck", node);
    }

    public RunConfig withOnBuild(List<String> triggers) {
        return with("OnBuild", strings(triggers));
    }

    public RunConfig withShell(List<String> shell) {
        return with("Shell", strings(shell));
    }

    /** The wrapped object; the caller must not mutate it. */
    ObjectNode tree() {
        return tree;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RunConfig that && Arrays.equals(CanonicalJson.writeTree(tree), CanonicalJson.writeTree(that.tree));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(CanonicalJson.writeTree(tree));
    }

    @Override
    public String toString() {
        return new String(CanonicalJson.writeTree(tree), UTF_8);
    }

    private void validate() {
        user();
        exposedPorts();
        env();
        entrypoint();
        cmd();
        volumes();
        workingDir();
        labels();
        stopSignal();
        argsEscaped();
        healthcheck();
        onBuild();
        shell();
    }

    private JsonCursor field(String name) {
        return new JsonCursor(ImageConfig.DOCUMENT, PATH, tree).field(name);
    }

    private RunConfig with(String name, JsonNode value) {
        return new RunConfig(ORDER.with(tree, name, value));
    }

    private static Duration duration(JsonCursor nanos) {
        Long value = nanos.optionalNonNegativeLong();
        return value == null ? null : Duration.ofNanos(value);
    }

    private static void putDuration(ObjectNode node, String name, Duration duration) {
        if (duration != null && !duration.isZero()) {
            node.put(name, duration.toNanos());
        }
    }

    private static JsonNode text(String value) {
        return value == null ? null : JSON.textNode(value);
    }

    private static JsonNode strings(List<String> values) {
        if (values == null) {
            return null;
        }
        ArrayNode array = JSON.arrayNode(values.size());
        values.forEach(array::add);
        return array;
    }

    /** Docker's set encoding: {"8080/tcp":{}}; sorted, as Go writes map keys. */
    private static JsonNode keySet(Collection<String> keys) {
        if (keys == null) {
            return null;
        }
        ObjectNode node = JSON.objectNode();
        new TreeSet<>(keys).forEach(key -> node.putObject(key));
        return node;
    }
}
