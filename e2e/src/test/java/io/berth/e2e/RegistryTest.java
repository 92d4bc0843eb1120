package io.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.testing.registry.ReferenceRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docker login, push and pull through Berth against the reference registry (Debian's docker-registry with htpasswd
 * auth on 127.0.0.1): the pulled image is the pushed one, digest for digest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryTest {
    @RegisterExtension
    static final ReferenceRegistry REGISTRY = new ReferenceRegistry();

    private final ObjectMapper json = new ObjectMapper();
    private Platform platform;
    private String imageId;
    private String pushedDigest;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(BusyboxRootfs.available(), "skipped: /bin/busybox (Debian package busybox-static) is not installed");
        Path work = Files.createTempDirectory("berth-e2e-registry-");
        // Berth's own registry with auth on: a bcrypt htpasswd file, as the reference registry has.
        Docker.Result entry = Docker.run(List.of("htpasswd", "-Bbn", ReferenceRegistry.USERNAME, ReferenceRegistry.PASSWORD), Map.of());
        assertEquals(0, entry.exit(), entry.output());
        Path htpasswd = Files.writeString(work.resolve("htpasswd"), entry.output().trim() + "\n");
        platform = Platform.start(1, Map.of("BERTH_REGISTRY_HTPASSWD", htpasswd.toString()));
        Docker.Result imported = docker("import", BusyboxRootfs.create(work).toString(), "busybox:latest");
        assertEquals(0, imported.exit(), imported.output());
        imageId = imported.output().trim();
    }

    @AfterAll
    void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    private String target() {
        return REGISTRY.registry() + "/demo:1";
    }

    @Test
    @Order(1)
    void loginChecksTheCredentialsAtTheRegistry() throws Exception {
        Docker.Result wrong = docker("login", REGISTRY.registry(), "-u", ReferenceRegistry.USERNAME, "-p", "wrong-password");
        assertNotEquals(0, wrong.exit(), wrong.output());
        Docker.Result right = docker("login", REGISTRY.registry(), "-u", ReferenceRegistry.USERNAME, "-p", ReferenceRegistry.PASSWORD);
        assertEquals(0, right.exit(), right.output());
        assertTrue(right.output().contains("Login Succeeded"), right.output());
    }

    @Test
    @Order(2)
    void pushSendsTheImageAndTheCatalogListsIt() throws Exception {
        assertEquals(0, docker("tag", "busybox", target()).exit());
        Docker.Result push = docker("push", target());
        assertEquals(0, push.exit(), push.output());
        assertTrue(push.output().contains("The push refers to repository [" + REGISTRY.registry() + "/demo]"), push.output());
        var m = java.util.regex.Pattern.compile("1: digest: (sha256:[a-f0-9]{64}) size: \\d+").matcher(push.output());
        assertTrue(m.find(), push.output());
        pushedDigest = m.group(1);

        Docker.Result digests = docker("images", "--digests", REGISTRY.registry() + "/demo");
        assertTrue(digests.output().contains(pushedDigest), "the pushed digest is the image's repo digest: " + digests.output());

        Docker.Result again = docker("push", target());
        assertEquals(0, again.exit(), again.output());
        assertTrue(again.output().contains("Layer already exists"), "a repeat push skips what the registry has: " + again.output());

        Docker.Result catalog = Docker.run(List.of("curl", "-sf", "-u", ReferenceRegistry.USERNAME + ":" + ReferenceRegistry.PASSWORD,
                "http://" + REGISTRY.registry() + "/v2/_catalog"), Map.of());
        assertTrue(catalog.output().contains("\"demo\""), catalog.output());
    }

    @Test
    @Order(3)
    void rmiThenPullRestoresTheSameImage() throws Exception {
        assertEquals(0, docker("rmi", target()).exit());
        assertEquals(0, docker("rmi", "busybox").exit());
        assertEquals("", docker("images", "-q").output().trim());

        Docker.Result pull = docker("pull", target());
        assertEquals(0, pull.exit(), pull.output());
        assertTrue(pull.output().contains("Digest: " + pushedDigest), pull.output());
        assertTrue(pull.output().contains("Downloaded newer image for " + target()), pull.output());
        String pulledId = json.readTree(docker("image", "inspect", target()).output()).get(0).get("Id").asText();
        assertEquals(imageId, pulledId, "the pulled image is the pushed one");
        assertTrue(docker("image", "inspect", target()).output().contains(REGISTRY.registry() + "/demo@" + pushedDigest), "RepoDigests after pull");

        Docker.Result byDigest = docker("pull", REGISTRY.registry() + "/demo@" + pushedDigest);
        assertEquals(0, byDigest.exit(), byDigest.output());

        Docker.Result unknown = docker("pull", REGISTRY.registry() + "/demo:nope");
        assertNotEquals(0, unknown.exit(), unknown.output());
    }

    /** Berth's own registry is image-service's port (the launcher's default 28082): log in, push, read its catalog. */
    @Test
    @Order(4)
    void pushToBerthsOwnRegistryAndItsCatalogListsTheRepository() throws Exception {
        String berthRegistry = "127.0.0.1:28082";
        String target = berthRegistry + "/team/demo:2";
        String user = ReferenceRegistry.USERNAME + ":" + ReferenceRegistry.PASSWORD;
        Docker.Result anonymous = Docker.run(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://" + berthRegistry + "/v2/"), Map.of());
        assertEquals("401", anonymous.output(), "auth is on");
        assertNotEquals(0, docker("login", berthRegistry, "-u", ReferenceRegistry.USERNAME, "-p", "wrong-password").exit());
        Docker.Result login = docker("login", berthRegistry, "-u", ReferenceRegistry.USERNAME, "-p", ReferenceRegistry.PASSWORD);
        assertEquals(0, login.exit(), login.output());
        assertEquals(0, docker("tag", REGISTRY.registry() + "/demo:1", target).exit());
        Docker.Result push = docker("push", target);
        assertEquals(0, push.exit(), push.output());
        assertTrue(push.output().contains("2: digest: sha256:"), push.output());

        Docker.Result catalog = Docker.run(List.of("curl", "-sf", "-u", user, "http://" + berthRegistry + "/v2/_catalog"), Map.of());
        assertEquals(0, catalog.exit(), catalog.output());
        assertTrue(json.readTree(catalog.output()).get("repositories").toString().contains("team/demo"), catalog.output());
        Docker.Result tags = Docker.run(List.of("curl", "-sf", "-u", user, "http://" + berthRegistry + "/v2/team/demo/tags/list"), Map.of());
        assertTrue(tags.output().contains("\"2\""), tags.output());

        assertEquals(0, docker("rmi", target).exit());
        Docker.Result pull = docker("pull", target);
        assertEquals(0, pull.exit(), pull.output());
        assertEquals(imageId, json.readTree(docker("image", "inspect", target).output()).get(0).get("Id").asText());
    }

    private Docker.Result docker(String... args) throws Exception {
        return Docker.docker(platform, args);
    }
}
