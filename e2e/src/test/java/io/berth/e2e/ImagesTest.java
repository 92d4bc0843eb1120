package io.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * docker import, images, image inspect, history, tag and rmi with the real docker CLI, on a busybox rootfs made
 * from Debian's busybox-static (its binary and one symlink per applet), as a user without a registry would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImagesTest {
    private final ObjectMapper json = new ObjectMapper();
    private Platform platform;
    private Path work;
    private String imageId;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(BusyboxRootfs.available(), "skipped: /bin/busybox (Debian package busybox-static) is not installed");
        work = Files.createTempDirectory("berth-e2e-images-");
        platform = Platform.start(1);
    }

    @AfterAll
    void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void importMakesAnImageThatImagesInspectAndHistoryShow() throws Exception {
        Path rootfs = BusyboxRootfs.create(work);
        Docker.Result imported = docker("import", "--change", "CMD [\"sh\"]", "--change", "ENV HELLO=world", rootfs.toString(), "busybox:latest");
        assertEquals(0, imported.exit(), imported.output());
        imageId = imported.output().trim();
        assertTrue(imageId.matches("sha256:[a-f0-9]{64}"), imported.output());

        Docker.Result images = docker("images");
        assertEquals(0, images.exit(), images.output());
        assertTrue(images.output().lines().anyMatch(l -> l.startsWith("busybox ") && l.contains("latest") && l.contains(imageId.substring(7, 19))), images.output());
        assertEquals(imageId.substring(7, 19), docker("images", "-q").output().trim());
        assertTrue(docker("images", "--filter", "reference=busy*").output().contains("busybox"));
        assertTrue(!docker("images", "--filter", "dangling=true").output().contains("busybox"));

        Docker.Result inspect = docker("image", "inspect", "busybox");
        assertEquals(0, inspect.exit(), inspect.output());
        JsonNode image = json.readTree(inspect.output()).get(0);
        assertEquals(imageId, image.get("Id").asText());
        assertEquals("[\"sh\"]", image.get("Config").get("Cmd").toString());
        assertTrue(image.get("Config").get("Env").toString().contains("HELLO=world"));
        assertEquals(1, image.get("RootFS").get("Layers").size());
        assertEquals("busybox:latest", image.get("RepoTags").get(0).asText());

        Docker.Result history = docker("history", "--no-trunc", "busybox");
        assertEquals(0, history.exit(), history.output());
        assertTrue(history.output().contains(imageId) && history.output().contains("Imported from -"), history.output());
    }

    @Test
    @Order(2)
    void saveThenLoadRestoresTheSameImage() throws Exception {
        Path archive = work.resolve("busybox-save.tar");
        Docker.Result saved = docker("save", "-o", archive.toString(), "busybox");
        assertEquals(0, saved.exit(), saved.output());
        String listing = Docker.run(List.of("tar", "-tf", archive.toString()), Map.of()).output();
        assertTrue(listing.contains("manifest.json") && listing.contains("index.json") && listing.contains("oci-layout")
                && listing.contains("blobs/sha256/" + imageId.substring(7)), listing);

        assertEquals(0, docker("rmi", "busybox").exit());
        Docker.Result loaded = docker("load", "-i", archive.toString());
        assertEquals(0, loaded.exit(), loaded.output());
        assertTrue(loaded.output().contains("Loaded image: busybox:latest"), loaded.output());
        JsonNode image = json.readTree(docker("image", "inspect", "busybox").output()).get(0);
        assertEquals(imageId, image.get("Id").asText(), "the loaded image is the saved one");
        assertEquals("[\"sh\"]", image.get("Config").get("Cmd").toString());
    }

    @Test
    @Order(3)
    void tagAndRmiFollowDockersRules() throws Exception {
        assertEquals(0, docker("tag", "busybox", "demo:1").exit());
        assertTrue(docker("images", "demo").output().contains("demo "), "the new tag is listed at once");

        Docker.Result conflict = docker("rmi", imageId.substring(7, 19));
        assertNotEquals(0, conflict.exit());
        assertTrue(conflict.output().contains("conflict: unable to delete " + imageId.substring(7, 19)
                + " (must be forced) - image is referenced in multiple repositories"), conflict.output());

        Docker.Result untag = docker("rmi", "demo:1");
        assertEquals(0, untag.exit(), untag.output());
        assertEquals("Untagged: demo:1", untag.output().trim());

        Docker.Result delete = docker("rmi", "busybox");
        assertEquals(0, delete.exit(), delete.output());
        assertTrue(delete.output().contains("Untagged: busybox:latest") && delete.output().contains("Deleted: " + imageId), delete.output());
        assertEquals("", docker("images", "-q").output().trim());

        Docker.Result missing = docker("image", "inspect", "busybox");
        assertNotEquals(0, missing.exit());
        assertTrue(missing.output().contains("No such image: busybox"), missing.output());
    }

    @Test
    @Order(4)
    void aTarballThatEscapesItsRootIsRefused() throws Exception {
        Path dir = Files.createDirectories(work.resolve("evil"));
        Files.writeString(dir.resolve("x"), "x");
        Path evil = work.resolve("evil.tar");
        // GNU tar keeps a member named ../x when told to with --absolute-names (-P)
        Docker.Result made = Docker.run(List.of("tar", "-C", dir.toString(), "-P", "-cf", evil.toString(), "../evil/x"), Map.of());
        assertEquals(0, made.exit(), made.output());
        Docker.Result refused = docker("import", evil.toString(), "evil:1");
        assertNotEquals(0, refused.exit());
        assertTrue(refused.output().contains("../evil/x"), refused.output());
        assertEquals("", docker("images", "-q").output().trim(), "nothing was imported");
    }

    /** An archive written by a real Docker engine (20.10, the pre-25 layout) loads, with the id that engine gave it. */
    @Test
    @Order(5)
    void anArchiveSavedByARealDockerEngineLoads() throws Exception {
        Path archive = Platform.REPO.resolve("services/image-service/src/test/resources/io/berth/image/archive/real-docker/docker-20.10-save.tar");
        Docker.Result loaded = docker("load", "-i", archive.toString());
        assertEquals(0, loaded.exit(), loaded.output());
        assertTrue(loaded.output().contains("Loaded image: fixture:1"), loaded.output());
        JsonNode image = json.readTree(docker("image", "inspect", "fixture:1").output()).get(0);
        assertEquals("sha256:be27412fe372adb8d87f18b6671d0e51abcbe47f5c2b5df174b73726d5359e11", image.get("Id").asText());
        assertEquals("[\"/bin/hi\"]", image.get("Config").get("Cmd").toString());
        assertEquals(0, docker("rmi", "fixture:1").exit());
    }

    private Docker.Result docker(String... args) throws Exception {
        return Docker.docker(platform, args);
    }
}
