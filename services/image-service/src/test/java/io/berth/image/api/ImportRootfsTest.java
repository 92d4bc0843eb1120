package io.berth.image.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Message;
import io.berth.contracts.image.ImageCommand;
import io.berth.contracts.image.ImageEvent;
import io.berth.contracts.topics.Topics;
import io.berth.contracts.types.Digest;
import io.berth.eventsourcing.log.AggregateStreamReader;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.image.content.ContentStore;
import io.berth.image.oci.CanonicalJson;
import io.berth.image.oci.ImageConfig;
import io.berth.testing.infra.BerthInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** docker import's backend on the real broker and PostgreSQL: blobs verified and stored, then the image recorded. */
@QuarkusTest
@QuarkusTestResource(value = BerthInfraResource.class, initArgs = @ResourceArg(name = "database", value = "berth_image"))
class ImportRootfsTest {
    @Inject
    ContentStore content;

    @Inject
    KafkaSettings kafka;

    @ConfigProperty(name = "berth.data-root")
    Path dataRoot;

    @Test
    void aRootfsBecomesAOneLayerImageWithItsChanges() throws Exception {
        byte[] tar = tar("bin/hello", "echo hello\n", "etc/motd", "hi\n");
        String imageId = given().body(tar).contentType("application/x-tar")
                .queryParam("tag", "docker.io/library/imported:1")
                .queryParam("change", "CMD [\"/bin/hello\"]").queryParam("change", "ENV GREETING=\"hi there\"")
                .queryParam("change", "EXPOSE 80")
                .when().post("/internal/v1/images/import")
                .then().log().ifValidationFails().statusCode(200).extract().path("imageId");

        Digest id = Digest.parse(imageId);
        ImageConfig config = CanonicalJson.readImageConfig(content.open(id).readAllBytes());
        assertEquals(List.of("/bin/hello"), config.config().cmd());
        assertTrue(config.config().env().contains("GREETING=hi there"), config.config().env().toString());
        assertTrue(config.config().exposedPorts().contains("80/tcp"));
        assertEquals(1, config.diffIds().size());
        assertEquals("linux", config.os());

        List<Envelope<Message>> events = new AggregateStreamReader(kafka, MessageSerde.standard()).read(Topics.IMAGE_EVENTS, ImageCommand.STORE);
        ImageEvent.ImageStored stored = events.stream().map(Envelope::payload).filter(p -> p instanceof ImageEvent.ImageStored s && s.imageId().equals(id))
                .map(ImageEvent.ImageStored.class::cast).findFirst().orElseThrow();
        assertTrue(content.exists(stored.manifestDigest()), "the manifest is stored");
        assertTrue(content.exists(stored.layers().get(0).digest()), "the layer is stored");
        assertEquals(config.diffIds().get(0), stored.layers().get(0).diffId());
        assertInstanceOf(ImageEvent.ImageTagged.class, events.stream().map(Envelope::payload)
                .filter(p -> p instanceof ImageEvent.ImageTagged t && t.imageId().equals(id)).findFirst().orElseThrow());

        String again = given().body(tar).contentType("application/x-tar").when().post("/internal/v1/images/import")
                .then().statusCode(200).extract().path("imageId");
        assertTrue(again.startsWith("sha256:"), "importing the same tar again works (the config's creation time differs)");
    }

    @Test
    void aTarMemberThatEscapesTheRootIsRefusedAndNothingIsStored() throws Exception {
        long before = blobCount();
        byte[] evil = tar("etc/ok", "fine\n", "../../escape", "boom\n");
        given().body(evil).contentType("application/x-tar").when().post("/internal/v1/images/import")
                .then().statusCode(400).body("message", containsString("escape"));
        assertEquals(before, blobCount(), "no blob, not even the partial layer, is left");
        try (Stream<Path> ingests = Files.list(dataRoot.resolve("content").resolve("ingest"))) {
            assertEquals(0, ingests.count(), "no ingest is left behind");
        }
    }

    @Test
    void anInvalidChangeIsNamed() throws Exception {
        given().body(tar("a", "b")).contentType("application/x-tar").queryParam("change", "RUN rm -rf /")
                .when().post("/internal/v1/images/import").then().statusCode(400).body("message", startsWith("RUN is not a valid change command"));
    }

    private long blobCount() throws IOException {
        Path blobs = dataRoot.resolve("content").resolve("blobs").resolve("sha256");
        if (!Files.exists(blobs)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(blobs)) {
            return s.count();
        }
    }

    /** A tar of (name, content) pairs. */
    static byte[] tar(String... namesAndContents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] data = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(namesAndContents[i], true);
                e.setSize(data.length);
                e.setMode(0755);
                t.putArchiveEntry(e);
                t.write(data);
                t.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }
}
