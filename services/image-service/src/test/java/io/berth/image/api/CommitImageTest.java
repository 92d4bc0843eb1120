package io.berth.image.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.image.ImageCommand;
import io.berth.contracts.image.ImageEvent;
import io.berth.contracts.topics.Topics;
import io.berth.contracts.types.Digest;
import io.berth.eventsourcing.log.AggregateStreamReader;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.image.content.ContentStore;
import io.berth.image.oci.CanonicalJson;
import io.berth.image.oci.History;
import io.berth.image.oci.ImageConfig;
import io.berth.testing.infra.BerthInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** docker commit's backend on the real broker and PostgreSQL: the container's layer on top of its image. */
@QuarkusTest
@QuarkusTestResource(value = BerthInfraResource.class, initArgs = @ResourceArg(name = "database", value = "berth_image"))
class CommitImageTest {
    private static final String CONTAINER_CONFIG = """
            {"Cmd":["sh","-c","echo hello > /greeting"],"Entrypoint":null,"Env":["PATH=/bin","FROM_RUN=1"],"WorkingDir":"/tmp"}""";

    @Inject
    ContentStore content;

    @Inject
    KafkaSettings kafka;

    @ConfigProperty(name = "berth.data-root")
    Path dataRoot;

    @Test
    void theLayerGoesOnTopOfTheParentWithTheContainersConfigThenTheChanges() throws Exception {
        String parent = importBase();
        byte[] layer = ImportRootfsTest.tar("greeting", "hello\n", "bin/.wh.vi", "");

        String imageId = commit(layer, parent).queryParam("repo", "docker.io/library/greeted").queryParam("tag", "1")
                .queryParam("comment", "msg").queryParam("author", "me")
                .queryParam("changes", "CMD [\"cat\",\"/greeting\"]").queryParam("changes", "ENV COMMITTED=yes")
                .when().post("/internal/v1/images/commit")
                .then().log().ifValidationFails().statusCode(200).extract().path("imageId");

        ImageConfig config = config(Digest.parse(imageId));
        ImageConfig parentConfig = config(Digest.parse(parent));
        assertEquals(List.of("cat", "/greeting"), config.config().cmd(), "the change replaces the container's command");
        assertEquals(List.of("PATH=/bin", "FROM_RUN=1", "COMMITTED=yes"), config.config().env(), "the container's env, then the change");
        assertEquals("/tmp", config.config().workingDir().orElseThrow());
        assertEquals(parentConfig.config().exposedPorts(), config.config().exposedPorts(), "what the container does not say stays the parent's");
        assertEquals("me", config.author().orElseThrow());
        assertEquals(2, config.diffIds().size());
        assertEquals(parentConfig.diffIds().get(0), config.diffIds().get(0));
        assertEquals(sha256(layer), config.diffIds().get(1), "the diff id is the digest of the tar as sent");
        History last = config.history().get(config.history().size() - 1);
        assertEquals("sh -c echo hello > /greeting", last.createdBy(), "Docker writes the container's Cmd");
        assertEquals("msg", last.comment());
        assertEquals("me", last.author());

        ImageEvent.ImageStored stored = stored(Digest.parse(imageId));
        assertEquals("commit", stored.source());
        assertEquals(2, stored.layers().size());
        try (InputStream blob = new GZIPInputStream(content.open(stored.layers().get(1).digest()))) {
            assertEquals(sha256(layer), sha256(blob.readAllBytes()), "the blob is the layer, compressed");
        }
        assertTrue(tagged(Digest.parse(imageId)).contains("docker.io/library/greeted:1"));
    }

    @Test
    void anUnknownParentIs404AndABadChangeOrTarIs400WithNothingStored() throws Exception {
        String parent = importBase();
        given().body(ImportRootfsTest.tar("a", "b")).contentType("application/x-tar")
                .queryParam("parent", "sha256:" + "0".repeat(64))
                .when().post("/internal/v1/images/commit").then().statusCode(404).body("message", startsWith("No such image"));

        long before = blobCount();
        commit(ImportRootfsTest.tar("a", "b"), parent).queryParam("changes", "RUN rm -rf /")
                .when().post("/internal/v1/images/commit").then().statusCode(400).body("message", startsWith("RUN is not a valid"));
        commit(ImportRootfsTest.tar("ok", "fine", "../../escape", "boom"), parent)
                .when().post("/internal/v1/images/commit").then().statusCode(400).body("message", containsString("escape"));
        assertEquals(before, blobCount(), "no blob is left by a refused commit");
        try (Stream<Path> ingests = Files.list(dataRoot.resolve("content").resolve("ingest"))) {
            assertEquals(0, ingests.count(), "no ingest is left behind");
        }
    }

    private static io.restassured.specification.RequestSpecification commit(byte[] layer, String parent) {
        return given().body(layer).contentType("application/x-tar").queryParam("parent", parent)
                .header(InternalImagesResource.CONTAINER_CONFIG_HEADER,
                        Base64.getEncoder().encodeToString(CONTAINER_CONFIG.getBytes(StandardCharsets.UTF_8)));
    }

    private static String importBase() throws IOException {
        return given().body(ImportRootfsTest.tar("bin/sh", "sh", "bin/vi", "vi")).contentType("application/x-tar")
                .queryParam("change", "CMD [\"sh\"]").queryParam("change", "EXPOSE 80")
                .when().post("/internal/v1/images/import").then().statusCode(200).extract().path("imageId");
    }

    private ImageConfig config(Digest id) throws IOException {
        try (InputStream in = content.open(id)) {
            return CanonicalJson.readImageConfig(in.readAllBytes());
        }
    }

    private ImageEvent.ImageStored stored(Digest id) {
        return events().stream().map(Envelope::payload).filter(p -> p instanceof ImageEvent.ImageStored s && s.imageId().equals(id))
                .map(ImageEvent.ImageStored.class::cast).findFirst().orElseThrow();
    }

    private List<String> tagged(Digest id) {
        return events().stream().map(Envelope::payload).filter(p -> p instanceof ImageEvent.ImageTagged t && t.imageId().equals(id))
                .map(p -> ((ImageEvent.ImageTagged) p).reference()).toList();
    }

    private List<Envelope<io.berth.contracts.envelope.Message>> events() {
        return new AggregateStreamReader(kafka, MessageSerde.standard()).read(Topics.IMAGE_EVENTS, ImageCommand.STORE);
    }

    private long blobCount() throws IOException {
        try (Stream<Path> s = Files.list(dataRoot.resolve("content").resolve("blobs").resolve("sha256"))) {
            return s.count();
        }
    }

    private static Digest sha256(byte[] data) throws Exception {
        return Digest.sha256(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
