package io.berth.gateway.api.docker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.berth.contracts.container.ContainerEvent;
import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.MessageType;
import io.berth.contracts.host.CgroupVersion;
import io.berth.contracts.host.HostEvent;
import io.berth.contracts.host.HostFacts;
import io.berth.contracts.topics.Topics;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.projection.Projections;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.gateway.projection.ContainerHistories;
import io.berth.gateway.projection.ContainersProjection;
import io.berth.testing.infra.BerthInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code docker diff} and the errors of {@code docker commit} through the gateway, with a stand-in for the host's
 * runtime-service (a loopback HTTP server at the address its host.joined announced). The whole commit, with the real
 * services, is e2e's CommitTest. Shapes follow shared/fixtures/docker-api/11-diff-commit.txt.
 */
@QuarkusTest
@QuarkusTestResource(value = BerthInfraResource.class, initArgs = @ResourceArg(name = "database", value = "berth_gateway"))
class ContainerDiffCommitApiTest {
    private final MessageSerde serde = MessageSerde.standard();
    /** Container id → what the stand-in runtime answers for its changes. */
    private final Map<String, String> changes = new ConcurrentHashMap<>();
    private KafkaProducer<String, byte[]> producer;
    private HttpServer runtime;

    @Inject
    KafkaSettings kafka;

    @Inject
    Projections projections;

    @BeforeEach
    void setUp() throws Exception {
        producer = new KafkaProducer<>(kafka.producer());
        runtime = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        runtime.createContext("/internal/v1/containers/", exchange -> {
            String id = exchange.getRequestURI().getPath().split("/")[4];
            String body = changes.get(id);
            byte[] bytes = (body == null ? "{\"message\":\"No such container: " + id + "\"}" : body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        runtime.start();
    }

    @AfterEach
    void tearDown() {
        runtime.stop(0);
        producer.close();
    }

    @Test
    void diffRelaysTheHostsChangesAndNothingChangedIsNull() throws Exception {
        String host = join("http://127.0.0.1:" + runtime.getAddress().getPort());
        String changed = container(host, "changed");
        String untouched = container(host, "untouched");
        changes.put(changed, "[{\"Kind\":0,\"Path\":\"/bin\"},{\"Kind\":2,\"Path\":\"/bin/vi\"},{\"Kind\":1,\"Path\":\"/greeting\"}]");
        changes.put(untouched, "[]");

        given().get("/v1.47/containers/changed-" + changed.substring(0, 6) + "/changes").then().statusCode(200)
                .contentType("application/json")
                .body("Kind", equalTo(java.util.List.of(0, 2, 1)))
                .body("Path", equalTo(java.util.List.of("/bin", "/bin/vi", "/greeting")));
        String none = given().get("/v1.47/containers/" + untouched + "/changes").then().statusCode(200).extract().asString();
        assertEquals("null", none.trim(), "dockerd answers null, not [], when nothing changed");
    }

    @Test
    void unknownContainersAreDockers404() {
        given().get("/v1.47/containers/nope/changes").then().statusCode(404).body("message", equalTo("No such container: nope"));
        given().post("/v1.47/commit?container=nope&repo=x&tag=1").then().statusCode(404).body("message", equalTo("No such container: nope"));
    }

    @Test
    void aContainerTheHostNoLongerHoldsIs404AndAHostWithoutAnAddressIsNamed() throws Exception {
        String host = join("http://127.0.0.1:" + runtime.getAddress().getPort());
        String gone = container(host, "gone");
        given().get("/v1.47/containers/" + gone + "/changes").then().statusCode(404).body("message", equalTo("No such container: " + gone));

        String oldHost = join(null);
        String old = container(oldHost, "old");
        given().get("/v1.47/containers/" + old + "/changes").then().statusCode(500)
                .body("message", startsWith("host " + oldHost + " of container " + old.substring(0, 12) + " has not announced its API address"));
    }

    @Test
    void anInvalidRepositoryIsRefusedBeforeAnythingIsRead() throws Exception {
        String host = join("http://127.0.0.1:" + runtime.getAddress().getPort());
        String c = container(host, "badrepo");
        given().post("/v1.47/commit?container=" + c + "&repo=Bad%20Repo").then().statusCode(400)
                .body("message", startsWith("invalid reference format"));
    }

    private String join(String apiUrl) throws Exception {
        String host = "diff-host-" + UUID.randomUUID().toString().substring(0, 8);
        HostFacts facts = new HostFacts(host, "6.1", CgroupVersion.V2, 2, 1L << 30, "Debian", "amd64", apiUrl);
        Envelope<?> e = new Envelope<>(UUID.randomUUID().toString(), MessageType.of(HostEvent.HostJoined.class), AggregateType.HOST, host, 1,
                Instant.now(), "test", null, "runtime-service", host, new HostEvent.HostJoined(host, facts, 3000));
        producer.send(new ProducerRecord<>(Topics.HOST_EVENTS, host, serde.serialize(e))).get(10, TimeUnit.SECONDS);
        projections.get("gateway.hosts").reached(AggregateType.HOST.wire(), host, 1).get(30, TimeUnit.SECONDS);
        return host;
    }

    private String container(String host, String namePrefix) throws Exception {
        String id = ContainerHistories.newId();
        ContainerEvent.ContainerCreated base = ContainerHistories.created(id, namePrefix + "-" + id.substring(0, 6), Map.of());
        ContainerEvent.ContainerCreated created = new ContainerEvent.ContainerCreated(id, host, base.name(), base.config(),
                base.hostSettings(), base.created());
        producer.send(new ProducerRecord<>(Topics.CONTAINER_EVENTS, id, serde.serialize(ContainerHistories.event(id, 1, created))))
                .get(10, TimeUnit.SECONDS);
        projections.get(ContainersProjection.NAME).reached(AggregateType.CONTAINER.wire(), id, 1).get(30, TimeUnit.SECONDS);
        return id;
    }
}
