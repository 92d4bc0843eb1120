package io.berth.image.oci;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.contracts.types.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageConfigTest {
    private static final String GOLDEN = Testfiles.text("testfiles/image-config/document.json");
    private static final ImageConfig CONFIG = read(GOLDEN);

    @Test
    void accessors_readTheTypedFields() {
        assertEquals(Platform.LINUX_AMD64, CONFIG.platform());
        assertEquals(Optional.of(Instant.parse("2024-05-01T12:00:03.123456789Z")), CONFIG.created());
        assertEquals(Optional.empty(), CONFIG.author());
        assertEquals(3, CONFIG.diffIds().size());
        assertEquals(Digest.parse("sha256:e18c947ad2c1f1da6bcd085ba34d8488fe13de75bf82273ab22eef45623da8dd"), CONFIG.diffIds().get(0));
    }

    @Test
    void config_readsDockerAndOciRunDefaults() {
        RunConfig run = CONFIG.config();

        assertEquals(Optional.of("app"), run.user());
        assertEquals(Set.of("8080/tcp"), run.exposedPorts());
        assertEquals("APP_HOME=/srv/app", run.env().get(1));
        assertEquals(List.of("/srv/app/bin/server"), run.entrypoint());
        assertEquals(List.of("--port", "8080"), run.cmd());
        assertEquals(Set.of("/srv/data"), run.volumes());
        assertEquals(Optional.of("/srv/app"), run.workingDir());
        assertEquals("Zoë Example <zoe@example.com>", run.labels().get("org.opencontainers.image.authors"));
        assertEquals(Optional.of("SIGTERM"), run.stopSignal());
        assertTrue(run.argsEscaped());
        assertEquals(List.of("COPY . /srv/app/src"), run.onBuild());
        assertEquals(List.of("/bin/ash", "-eo", "pipefail", "-c"), run.shell());
        assertEquals(Optional.of(new Healthcheck(List.of("CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"),
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10), null, 3)), run.healthcheck());
    }

    @Test
    void history_keepsEmptyLayerExactlyAsPresentOrAbsent() {
        List<History> history = CONFIG.history();

        assertEquals(Arrays.asList(null, true, null, true, false, true), history.stream().map(History::emptyLayer).toList());
        assertEquals("Zoë Example", history.get(2).author());
        assertEquals("buildkit.dockerfile.v0", history.get(4).comment());
        assertEquals(CONFIG.diffIds().size(), history.stream().filter(h -> !h.isEmptyLayer()).count());
    }

    @Test
    void withers_leaveTheOriginalUntouched() {
        CONFIG.withAuthor("someone").withConfig(CONFIG.config().withUser("root")).withDiffIdAppended(digest(9));

        assertEquals(GOLDEN, CONFIG.toString());
    }

    @Test
    void withConfig_changesOneValueInPlaceAndKeepsUnknownFields() {
        ImageConfig changed = CONFIG.withConfig(CONFIG.config().withEnv("APP_HOME", "/opt/app").withUser(null));

        String expected = GOLDEN.replace("\"APP_HOME=/srv/app\"", "\"APP_HOME=/opt/app\"").replace("\"User\":\"app\",", "");
        assertEquals(expected, changed.toString());
    }

    @Test
    void appendingALayer_addsTheDiffIdAndAHistoryEntryAtTheEnd() {
        Instant now = Instant.parse("2024-06-01T08:00:00.500Z");

        ImageConfig derived = CONFIG.withDiffIdAppended(digest(9))
                .withHistoryAppended(History.of(now, "RUN make install"))
                .withHistoryAppended(History.emptyLayer(now, "CMD [\"serve\"]"))
                .withCreated(now);

        String written = derived.toString();
        assertTrue(written.contains("\"" + digest(9) + "\"]}}"), written);
        assertTrue(written.contains(",{\"created\":\"2024-06-01T08:00:00.5Z\",\"created_by\":\"RUN make install\"},"
                + "{\"created\":\"2024-06-01T08:00:00.5Z\",\"created_by\":\"CMD [\\\"serve\\\"]\",\"empty_layer\":true}]"), written);
        assertTrue(written.contains("\"container\":\"3b5e8f0c2a7d\",\"created\":\"2024-06-01T08:00:00.5Z\",\"docker_version\":\"24.0.7\""), written);
        assertEquals(4, derived.diffIds().size());
        assertEquals(8, derived.history().size());
    }

    @Test
    void forPlatform_buildsAMinimalValidConfig() {
        ImageConfig scratch = ImageConfig.forPlatform(Platform.parse("linux/arm64/v8"));

        assertEquals("{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}",
                scratch.toString());
        assertEquals(scratch, CanonicalJson.readImageConfig(CanonicalJson.write(scratch)));
    }

    @Test
    void building_theOrderOfWithersDoesNotChangeTheBytes() {
        Instant created = Instant.parse("2024-06-01T08:00:00Z");
        RunConfig run = RunConfig.empty().withCmd(List.of("sh")).withEnv("PATH", "/bin").withLabel("b", "2").withLabel("a", "1");
        RunConfig sameRunOtherOrder = RunConfig.empty().withLabels(Map.of("a", "1", "b", "2")).withEnv(List.of("PATH=/bin"))
                .withCmd(List.of("sh"));

        ImageConfig one = ImageConfig.forPlatform(Platform.LINUX_AMD64).withCreated(created).withConfig(run).withAuthor("me");
        ImageConfig two = ImageConfig.forPlatform(Platform.LINUX_AMD64).withAuthor("me").withConfig(sameRunOtherOrder).withCreated(created);

        assertEquals(run, sameRunOtherOrder);
        assertEquals(one.toString(), two.toString());
        assertEquals("{\"created\":\"2024-06-01T08:00:00Z\",\"author\":\"me\",\"architecture\":\"amd64\",\"os\":\"linux\","
                + "\"config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"sh\"],\"Labels\":{\"a\":\"1\",\"b\":\"2\"}},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}", one.toString());
    }

    @Test
    void withHealthcheck_writesNanosecondsAndOmitsUnsetFields() {
        RunConfig run = RunConfig.empty().withHealthcheck(new Healthcheck(List.of("CMD", "true"), Duration.ofSeconds(1), null, null, null, null));

        assertEquals("{\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"],\"Interval\":1000000000}}", run.toString());
        assertEquals("{\"Healthcheck\":{\"Test\":[\"NONE\"]}}", RunConfig.empty().withHealthcheck(Healthcheck.none()).toString());
    }

    @Test
    void withHistoryAppended_writesEmptyLayerFalseOnlyWhenAskedTo() {
        ImageConfig base = ImageConfig.forPlatform(Platform.LINUX_AMD64);

        String absent = base.withHistoryAppended(new History(null, "x", null, null, null)).toString();
        String explicitFalse = base.withHistoryAppended(new History(null, "x", null, null, false)).toString();

        assertFalse(absent.contains("empty_layer"), absent);
        assertTrue(explicitFalse.contains("{\"created_by\":\"x\",\"empty_layer\":false}"), explicitFalse);
    }

    @Test
    void withEnv_byName_replacesInPlaceOrAppends() {
        RunConfig run = RunConfig.empty().withEnv(List.of("A=1", "B=2"));

        assertEquals(List.of("A=1", "B=3"), run.withEnv("B", "3").env());
        assertEquals(List.of("A=1", "B=2", "C=4"), run.withEnv("C", "4").env());
    }

    @Test
    void read_invalidFields_areNamedInTheError() {
        assertError("image config architecture: required, expected a string", "{\"os\":\"linux\"}");
        assertError("image config config.Env[1]: expected a string, got the number 1",
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"A=b\",1]}}");
        assertError("image config rootfs.diff_ids[0]: invalid digest: sha256:nope",
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:nope\"]}}");
        assertError("image config rootfs.type: expected \"layers\", got \"snapshots\"",
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"snapshots\"}}");
        assertError("image config history[0].created: invalid RFC 3339 timestamp \"yesterday\"",
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"history\":[{\"created\":\"yesterday\"}]}");
        assertError("image config history[0].empty_layer: expected true or false, got the string \"yes\"",
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"history\":[{\"empty_layer\":\"yes\"}]}");
        assertError("image config config.Healthcheck.Interval: expected a non-negative integer, got the string \"30s\"",
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Healthcheck\":{\"Interval\":\"30s\"}}}");
    }

    @Test
    void read_nullsAreTreatedAsAbsentAndKept() {
        String json = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":null,\"Cmd\":null,\"Volumes\":null}}";

        ImageConfig config = read(json);

        assertEquals(List.of(), config.config().env());
        assertEquals(json, config.toString());
    }

    @Test
    void equals_isByWrittenBytes() {
        assertEquals(CONFIG, read(GOLDEN));
        assertEquals(CONFIG.hashCode(), read(GOLDEN).hashCode());
        assertNotEquals(CONFIG, CONFIG.withAuthor("x"));
    }

    private static void assertError(String expected, String json) {
        OciFormatException e = assertThrows(OciFormatException.class, () -> read(json));
        assertEquals(expected, e.getMessage());
    }

    private static ImageConfig read(String json) {
        return CanonicalJson.readImageConfig(json.getBytes(UTF_8));
    }

    private static Digest digest(int n) {
        return new Digest("sha256", String.format("%064x", n));
    }
}
