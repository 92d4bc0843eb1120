package io.berth.runtime.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.runtime.adapters.snapshot.LayerStore;
import io.berth.runtime.adapters.snapshot.Snapshotter;
import io.berth.testing.infra.BerthInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's view of a container's writable layer over HTTP. The snapshot is made on disk where the service
 * keeps its containers' layers (an image without layers, written to directly), so no overlay mount is needed.
 */
@QuarkusTest
@QuarkusTestResource(value = BerthInfraResource.class, initArgs = @ResourceArg(name = "database", value = "berth_runtime"))
class InternalContainersResourceTest {
    private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @ConfigProperty(name = "berth.data-root")
    Path dataRoot;

    @AfterEach
    void removeSnapshot() throws IOException {
        snapshotter().remove(ID);
    }

    @Test
    void changesAreDockersJsonAndTheDiffIsTheLayerAsATar() throws IOException {
        Path upper = snapshotter().prepare(ID, List.of()).upper();
        Files.writeString(upper.resolve("greeting"), "hello\n");
        Files.createDirectories(upper.resolve("proc")); // a mount point the shim made: not a change

        given().get("/internal/v1/containers/{id}/changes", ID).then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].Kind", equalTo(1)).body("[0].Path", equalTo("/greeting"));

        byte[] tar = given().get("/internal/v1/containers/{id}/diff", ID).then().statusCode(200)
                .contentType("application/x-tar").extract().asByteArray();
        assertEquals(List.of("greeting"), members(tar));
    }

    @Test
    void anUnknownContainerIsA404WithDockersMessage() {
        given().get("/internal/v1/containers/{id}/changes", "nope").then().statusCode(404)
                .body("message", equalTo("No such container: nope"));
        given().get("/internal/v1/containers/{id}/diff", "nope").then().statusCode(404);
        given().get("/internal/v1/containers/{id}/diff", "..").then().statusCode(404);
    }

    private Snapshotter snapshotter() throws IOException {
        Path root = dataRoot.toAbsolutePath().resolve("snapshots");
        return new Snapshotter(root, new LayerStore(root, digest -> {
            throw new IOException("no layers in this test");
        }));
    }

    private static List<String> members(byte[] tar) throws IOException {
        List<String> names = new ArrayList<>();
        try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
