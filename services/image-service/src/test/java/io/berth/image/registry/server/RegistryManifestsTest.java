package io.berth.image.registry.server;

import static io.berth.image.registry.server.V2.request;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.Message;
import io.berth.contracts.registry.RepositoryEvent;
import io.berth.contracts.topics.Topics;
import io.berth.contracts.types.Digest;
import io.berth.eventsourcing.log.AggregateStreamReader;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.image.application.RepositoryEventReplay;
import io.berth.image.application.RepositoryIndex;
import io.berth.image.content.ContentStore;
import io.berth.image.domain.RepositoryState;
import io.berth.image.oci.CanonicalJson;
import io.berth.image.oci.Descriptor;
import io.berth.image.oci.ImageIndex;
import io.berth.image.oci.MediaTypes;
import io.berth.testing.infra.BerthInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Manifest push, content negotiation, deletion, and every way a bad manifest push is refused. */
@QuarkusTest
@QuarkusTestResource(value = BerthInfraResource.class, initArgs = @ResourceArg(name = "database", value = "berth_image"))
class RegistryManifestsTest {
    private static final String DOCKER_ONLY = MediaTypes.DOCKER_MANIFEST;

    @Inject
    ContentStore content;

    @Inject
    KafkaSettings kafka;

    @Test
    void aManifestPushedByTagIsServedExactlyAsPushed() {
        String repo = V2.uniqueRepository("app");
        TinyImage image = TinyImage.of("hello");
        V2.pushBlob(repo, image.layer());
        V2.pushBlob(repo, image.config());
        Digest digest = image.manifestDigest();
        request().body(image.manifest()).contentType(MediaTypes.OCI_MANIFEST).when().put("/v2/" + repo + "/manifests/1")
                .then().statusCode(201).header("Location", "/v2/" + repo + "/manifests/" + digest)
                .header("Docker-Content-Digest", digest.toString());

        byte[] served = request().accept(MediaTypes.OCI_MANIFEST).when().get("/v2/" + repo + "/manifests/1")
                .then().statusCode(200).header("Content-Type", MediaTypes.OCI_MANIFEST)
                .header("Docker-Content-Digest", digest.toString()).header("Etag", "\"" + digest + "\"")
                .header("Content-Length", Integer.toString(image.manifest().length)).extract().asByteArray();
        assertArrayEquals(image.manifest(), served);
        request().accept(MediaTypes.OCI_MANIFEST).when().head("/v2/" + repo + "/manifests/" + digest)
                .then().statusCode(200).header("Content-Length", Integer.toString(image.manifest().length))
                .header("Docker-Content-Digest", digest.toString());
        request().accept(MediaTypes.OCI_MANIFEST).header("If-None-Match", "\"" + digest + "\"")
                .when().get("/v2/" + repo + "/manifests/1").then().statusCode(304);
    }

    @Test
    void contentNegotiationServesTheStoredTypeOnlyToClientsThatAcceptIt() {
        String repo = V2.uniqueRepository("negotiate");
        TinyImage image = TinyImage.of("negotiate");
        V2.pushImage(repo, image, "oci");
        String url = "/v2/" + repo + "/manifests/oci";
        // docker pull's six Accept headers, each its own header line
        request().header("Accept", MediaTypes.OCI_INDEX).header("Accept", MediaTypes.DOCKER_SCHEMA1_SIGNED_MANIFEST)
                .header("Accept", "application/json").header("Accept", MediaTypes.OCI_MANIFEST)
                .header("Accept", MediaTypes.DOCKER_MANIFEST).header("Accept", MediaTypes.DOCKER_MANIFEST_LIST)
                .when().head(url).then().statusCode(200).header("Content-Type", MediaTypes.OCI_MANIFEST);
        request().header("Accept", MediaTypes.DOCKER_MANIFEST + ", " + MediaTypes.OCI_MANIFEST + ";q=0.5")
                .when().get(url).then().statusCode(200).header("Content-Type", MediaTypes.OCI_MANIFEST);
        request().header("Accept", "*/*").when().get(url).then().statusCode(200);
        // registry 2.8's answer to an OCI manifest requested with docker types only (fixture 17)
        request().header("Accept", DOCKER_ONLY).when().get(url).then().statusCode(404)
                .body("errors[0].code", equalTo("MANIFEST_UNKNOWN"))
                .body("errors[0].message", equalTo("OCI manifest found, but accept header does not support OCI manifests"));
    }

    @Test
    void anUnknownTagOrRepositoryIsNamedInTheError() {
        String repo = V2.uniqueRepository("unknown");
        request().accept(DOCKER_ONLY).when().get("/v2/" + repo + "/manifests/nosuchtag").then().statusCode(404)
                .body("errors[0].code", equalTo("MANIFEST_UNKNOWN")).body("errors[0].message", equalTo("manifest unknown"))
                .body("errors[0].detail.Tag", equalTo("nosuchtag"));
        request().when().head("/v2/" + repo + "/manifests/nosuchtag").then().statusCode(404);
    }

    @Test
    void aManifestReferencingAMissingBlobIsRefusedNamingItAndNothingIsStored() {
        String repo = V2.uniqueRepository("missing");
        TinyImage image = TinyImage.of("missing layer");
        V2.pushBlob(repo, image.config()); // not the layer
        request().body(image.manifest()).contentType(MediaTypes.OCI_MANIFEST).when().put("/v2/" + repo + "/manifests/1")
                .then().statusCode(404).body("errors", hasSize(1)).body("errors[0].code", equalTo("MANIFEST_BLOB_UNKNOWN"))
                .body("errors[0].detail.digest", equalTo(image.layerDigest().toString()))
                .body("errors[0].message", containsString(image.layerDigest().toString()));
        assertFalse(content.exists(image.manifestDigest()), "the refused manifest's bytes are not stored");
        request().when().get("/v2/" + repo + "/tags/list").then().statusCode(200).body("tags", hasSize(0));
        request().accept(MediaTypes.OCI_MANIFEST).when().get("/v2/" + repo + "/manifests/" + image.manifestDigest()).then().statusCode(404);
    }

    @Test
    void aManifestWhoseDigestIsNotTheOneInTheUrlIsRefused() {
        String repo = V2.uniqueRepository("wrongdigest");
        TinyImage image = TinyImage.of("digest");
        V2.pushBlob(repo, image.layer());
        V2.pushBlob(repo, image.config());
        Digest other = TinyImage.sha256("other".getBytes(StandardCharsets.UTF_8));
        request().body(image.manifest()).contentType(MediaTypes.OCI_MANIFEST).when().put("/v2/" + repo + "/manifests/" + other)
                .then().statusCode(400).body("errors[0].code", equalTo("DIGEST_INVALID"))
                .body("errors[0].message", containsString(image.manifestDigest().toString()));
        request().body(image.manifest()).contentType(MediaTypes.OCI_MANIFEST)
                .when().put("/v2/" + repo + "/manifests/" + image.manifestDigest()).then().statusCode(201);
    }

    @Test
    void aManifestAbove4MiBIs413() {
        String repo = V2.uniqueRepository("huge");
        byte[] huge = new byte[CanonicalJson.MAX_MANIFEST_BYTES + 1];
        Arrays.fill(huge, (byte) ' ');
        huge[0] = '{';
        huge[huge.length - 1] = '}';
        request().body(huge).contentType(MediaTypes.OCI_MANIFEST).when().put("/v2/" + repo + "/manifests/1")
                .then().statusCode(413).body("errors[0].code", equalTo("MANIFEST_INVALID")).body("errors[0].message", containsString("4 MiB"));
        request().when().get("/v2/").then().statusCode(200); // and the registry still answers
    }

    @Test
    void malformedAndSchema1ManifestsAreInvalid() {
        String repo = V2.uniqueRepository("malformed");
        request().body("{\"schemaVersion\":2,\"layers\":7}".getBytes(StandardCharsets.UTF_8)).contentType(MediaTypes.OCI_MANIFEST)
                .when().put("/v2/" + repo + "/manifests/1").then().statusCode(400)
                .body("errors[0].code", equalTo("MANIFEST_INVALID")).body("errors[0].message", containsString("manifest config"));
        request().body("{\"schemaVersion\":1,\"name\":\"x\",\"tag\":\"1\",\"fsLayers\":[]}".getBytes(StandardCharsets.UTF_8))
                .contentType(MediaTypes.DOCKER_SCHEMA1_SIGNED_MANIFEST).when().put("/v2/" + repo + "/manifests/1")
                .then().statusCode(400).body("errors[0].code", equalTo("MANIFEST_INVALID")).body("errors[0].message", containsString("schema1"));
    }

    @Test
    void invalidNamesAndTagsAreRefused() {
        TinyImage image = TinyImage.of("names");
        request().body(image.manifest()).contentType(MediaTypes.OCI_MANIFEST).when().put("/v2/Not_Lower/manifests/1")
                .then().statusCode(400).body("errors[0].code", equalTo("NAME_INVALID")).body("errors[0].detail.name", equalTo("Not_Lower"));
        request().body(image.manifest()).contentType(MediaTypes.OCI_MANIFEST)
                .when().put("/v2/" + V2.uniqueRepository("tags") + "/manifests/.hidden")
                .then().statusCode(400).body("errors[0].code", equalTo("TAG_INVALID"));
        request().when().get("/v2/-bad-/tags/list").then().statusCode(400).body("errors[0].code", equalTo("NAME_INVALID"));
    }

    @Test
    void anIndexMayReferenceOnlyManifestsOfItsRepository() {
        String repo = V2.uniqueRepository("index");
        TinyImage image = TinyImage.of("index");
        V2.pushImage(repo, image, "amd64");
        byte[] index = CanonicalJson.write(ImageIndex.oci(List.of(Descriptor.of(MediaTypes.OCI_MANIFEST, image.manifestDigest(), image.manifest().length))));
        request().body(index).contentType(MediaTypes.OCI_INDEX).when().put("/v2/" + repo + "/manifests/multi").then().statusCode(201);
        request().accept(MediaTypes.OCI_INDEX).when().get("/v2/" + repo + "/manifests/multi").then().statusCode(200)
                .header("Content-Type", MediaTypes.OCI_INDEX);
        request().accept(MediaTypes.OCI_MANIFEST).when().get("/v2/" + repo + "/manifests/multi").then().statusCode(404)
                .body("errors[0].message", equalTo("OCI index found, but accept header does not support OCI indexs"));

        request().body(index).contentType(MediaTypes.OCI_INDEX).when().put("/v2/" + V2.uniqueRepository("bare") + "/manifests/multi")
                .then().statusCode(404).body("errors[0].code", equalTo("MANIFEST_BLOB_UNKNOWN"))
                .body("errors[0].detail.digest", equalTo(image.manifestDigest().toString()));
    }

    @Test
    void deletingATagKeepsTheManifest_deletingTheManifestDropsItsTags() {
        String repo = V2.uniqueRepository("delete");
        TinyImage image = TinyImage.of("delete");
        V2.pushImage(repo, image, "1");
        request().body(image.manifest()).contentType(MediaTypes.OCI_MANIFEST).when().put("/v2/" + repo + "/manifests/2").then().statusCode(201);
        request().when().delete("/v2/" + repo + "/manifests/1").then().statusCode(202);
        request().when().get("/v2/" + repo + "/tags/list").then().body("tags", equalTo(List.of("2")));
        request().when().head("/v2/" + repo + "/manifests/" + image.manifestDigest()).then().statusCode(200);

        request().when().delete("/v2/" + repo + "/manifests/" + image.manifestDigest()).then().statusCode(202);
        request().when().get("/v2/" + repo + "/tags/list").then().body("tags", hasSize(0));
        request().when().head("/v2/" + repo + "/manifests/2").then().statusCode(404);
        request().when().delete("/v2/" + repo + "/manifests/" + image.manifestDigest()).then().statusCode(404)
                .body("errors[0].code", equalTo("MANIFEST_UNKNOWN"));
    }

    @Test
    void replayingTheLogFromScratchGivesWhatTheRegistryServes() {
        String repo = V2.uniqueRepository("replay");
        TinyImage image = TinyImage.of("replay");
        V2.pushImage(repo, image, "1");
        request().body(image.manifest()).contentType(MediaTypes.OCI_MANIFEST).when().put("/v2/" + repo + "/manifests/2").then().statusCode(201);
        request().when().delete("/v2/" + repo + "/manifests/1").then().statusCode(202);

        RepositoryIndex fresh = new RepositoryIndex(); // what a restarted image-service builds before serving
        RepositoryEventReplay.replay(kafka, MessageSerde.standard(), fresh::apply);
        RepositoryState replayed = fresh.state(repo);
        assertEquals(Map.of("2", image.manifestDigest()), replayed.tags());
        assertEquals(Map.of(image.layerDigest(), (long) image.layer().length, image.configDigest(), (long) image.config().length),
                replayed.blobs());
        assertEquals(List.of("2"), request().when().get("/v2/" + repo + "/tags/list").then().extract().jsonPath().getList("tags"));
        assertEquals(List.of(repo), fresh.names(repo.substring(0, repo.indexOf('/')), 1));
    }

    @Test
    void pushesAreEventsOnTheImageTopicKeyedByRepository() {
        String repo = V2.uniqueRepository("events");
        TinyImage image = TinyImage.of("events");
        V2.pushImage(repo, image, "1");
        V2.pushImage(repo, image, "1"); // a repeated push appends nothing
        List<Envelope<Message>> events = new AggregateStreamReader(kafka, MessageSerde.standard()).read(Topics.IMAGE_EVENTS, repo);
        assertEquals(List.of(RepositoryEvent.BlobLinked.class, RepositoryEvent.BlobLinked.class, RepositoryEvent.ManifestStored.class,
                RepositoryEvent.TagSet.class), events.stream().map(e -> e.payload().getClass()).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L), events.stream().map(Envelope::sequence).toList());
        events.forEach(e -> assertEquals(AggregateType.REPOSITORY, e.aggregateType()));
        RepositoryEvent.ManifestStored stored = (RepositoryEvent.ManifestStored) events.get(2).payload();
        assertEquals(List.of(image.configDigest(), image.layerDigest()), stored.references());
        request().when().get("/v2/").then().body("errors", nullValue());
    }

    @Test
    void concurrentPushesAreEachRecordedOnceInOrder() throws Exception {
        // Writes that queue up while one commits are committed together; none may be lost, reordered or numbered twice.
        String shared = V2.uniqueRepository("shared");
        List<String> own = java.util.stream.IntStream.range(0, 8).mapToObj(i -> V2.uniqueRepository("own" + i)).toList();
        List<TinyImage> images = java.util.stream.IntStream.range(0, 8).mapToObj(i -> TinyImage.of("concurrent " + i)).toList();
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> pushes = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                pushes.add(clients.submit(() -> {
                    V2.pushImage(own.get(n), images.get(n), "1");
                    V2.pushBlob(shared, images.get(n).layer());
                }));
            }
            for (java.util.concurrent.Future<?> push : pushes) {
                push.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }

        RepositoryIndex fresh = new RepositoryIndex();
        RepositoryEventReplay.replay(kafka, MessageSerde.standard(), fresh::apply);
        for (int i = 0; i < 8; i++) {
            assertEquals(Map.of("1", images.get(i).manifestDigest()), fresh.state(own.get(i)).tags());
            request().when().head("/v2/" + shared + "/blobs/" + images.get(i).layerDigest()).then().statusCode(200);
        }
        assertEquals(8, fresh.state(shared).blobs().size());
        List<Envelope<Message>> events = new AggregateStreamReader(kafka, MessageSerde.standard()).read(Topics.IMAGE_EVENTS, shared);
        assertEquals(java.util.stream.LongStream.rangeClosed(1, 8).boxed().toList(), events.stream().map(Envelope::sequence).toList());
    }
}
