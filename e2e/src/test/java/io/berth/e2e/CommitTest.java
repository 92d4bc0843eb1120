package io.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code docker diff} and {@code docker commit} through the real docker CLI: the container's writable layer read on
 * its host, stored by image-service as a layer on its image, and run again. Needs root (containers).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommitTest {
    private Platform platform;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(BusyboxRootfs.available(), "skipped: /bin/busybox (Debian package busybox-static) is not installed");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "skipped: containers need root");
        Path work = Files.createTempDirectory("berth-e2e-commit-");
        platform = Platform.start(1);
        Docker.Result imported = docker("import", "--change", "CMD [\"sh\"]", BusyboxRootfs.create(work).toString(), "busybox:latest");
        assertEquals(0, imported.exit(), imported.output());
    }

    @AfterAll
    void stop() throws Exception {
        if (platform != null) {
            docker("rm", "-f", "c1", "quiet");
            platform.close();
        }
    }

    @Test
    @Order(1)
    void diffListsWhatTheContainerChangedAndNotTheMountPointsBerthMade() throws Exception {
        Docker.Result run = docker("run", "--name", "c1", "busybox", "sh", "-c", "echo hello > /greeting; rm /bin/vi");
        assertEquals(0, run.exit(), run.output());

        Docker.Result diff = docker("diff", "c1");
        assertEquals(0, diff.exit(), diff.output());
        assertEquals("C /bin\nD /bin/vi\nA /greeting\n", diff.output());
    }

    @Test
    @Order(2)
    void aContainerThatChangedNothingHasAnEmptyDiff() throws Exception {
        assertEquals(0, docker("run", "--name", "quiet", "busybox", "true").exit());
        Docker.Result diff = docker("diff", "quiet");
        assertEquals(0, diff.exit(), diff.output());
        assertEquals("", diff.output());
    }

    @Test
    @Order(3)
    void commitMakesAnImageThatRunsWithTheChangesOnTop() throws Exception {
        Docker.Result commit = docker("commit", "-c", "CMD [\"cat\",\"/greeting\"]", "-m", "msg", "-a", "me", "c1", "greeted:1");
        assertEquals(0, commit.exit(), commit.output());
        String id = commit.output().trim();
        assertTrue(id.matches("sha256:[0-9a-f]{64}"), id);

        Docker.Result hello = docker("run", "--rm", "greeted:1");
        assertEquals(0, hello.exit(), hello.output());
        assertEquals("hello\n", hello.output());

        Docker.Result vi = docker("run", "--rm", "greeted:1", "ls", "/bin/vi");
        assertNotEquals(0, vi.exit(), "the deletion is part of the image: " + vi.output());

        Docker.Result history = docker("history", "--no-trunc", "greeted:1");
        assertEquals(0, history.exit(), history.output());
        assertTrue(history.output().contains("msg"), history.output());
        assertTrue(history.output().contains("sh -c echo hello > /greeting; rm /bin/vi"), history.output());

        Docker.Result inspect = docker("inspect", "--format", "{{.Id}} {{.Author}} {{json .Config.Cmd}} {{len .RootFS.Layers}}", "greeted:1");
        assertEquals(0, inspect.exit(), inspect.output());
        assertEquals(id + " me [\"cat\",\"/greeting\"] 2\n", inspect.output());

        Docker.Result images = docker("images", "--format", "{{.Repository}}:{{.Tag}}", "greeted");
        assertEquals("greeted:1\n", images.output(), "the tag shows at once");
    }

    @Test
    @Order(4)
    void anUnknownContainerIsDockersError() throws Exception {
        Docker.Result diff = docker("diff", "nosuch");
        assertEquals(1, diff.exit());
        assertTrue(diff.output().contains("No such container: nosuch"), diff.output());
        Docker.Result commit = docker("commit", "nosuch", "x:1");
        assertEquals(1, commit.exit());
        assertTrue(commit.output().contains("No such container: nosuch"), commit.output());
    }

    private Docker.Result docker(String... args) throws Exception {
        return Docker.docker(platform, args);
    }
}
