package io.berth.gateway.api.docker;

import static io.berth.gateway.projection.ContainerHistories.created;
import static io.berth.gateway.projection.ContainerHistories.event;
import static io.berth.gateway.projection.ContainerHistories.exited;
import static io.berth.gateway.projection.ContainerHistories.newId;
import static io.berth.gateway.projection.ContainerHistories.started;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.contracts.envelope.AggregateType;
import io.berth.contracts.envelope.Envelope;
import io.berth.contracts.envelope.MessageType;
import io.berth.contracts.logs.LogMessage;
import io.berth.contracts.topics.Topics;
import io.berth.eventsourcing.log.KafkaSettings;
import io.berth.eventsourcing.projection.Projections;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.gateway.projection.ContainersProjection;
import io.berth.gateway.projection.ContainersViewBarrier;
import io.berth.testing.infra.BerthInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The container endpoints over a containers view fed with real events appended to the real topics (no
 * runtime-service runs here): lookups and errors, ps and inspect, wait and attach. Shapes follow
 * shared/fixtures/docker-api/07, 09, 12 and 14.
 */
@QuarkusTest
@QuarkusTestResource(value = BerthInfraResource.class, initArgs = @ResourceArg(name = "database", value = "berth_gateway"))
class ContainerApiTest {
    private final MessageSerde serde = MessageSerde.standard();
    private KafkaProducer<String, byte[]> producer;

    @Inject
    KafkaSettings kafka;

    @Inject
    Projections projections;

    @Inject
    ContainersViewBarrier barrier;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void producer() {
        producer = new KafkaProducer<>(kafka.producer());
    }

    @AfterEach
    void close() {
        producer.close();
    }

    @Test
    void createWithAnUnknownImageIsDockers404() {
        create("nosuch:image", null).then().statusCode(404).body("message", equalTo("No such image: nosuch:image"));
        create("busybox", null).then().statusCode(404).body("message", equalTo("No such image: busybox:latest"));
    }

    @Test
    void createChecksTheNameAndTheBody() throws Exception {
        create("busybox", "bad/name").then().statusCode(400)
                .body("message", equalTo("Invalid container name (bad/name), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"));
        HttpResponse<String> wrongType = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "v1.47/containers/create"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{\"Image\":\"busybox:local\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, wrongType.statusCode());
        assertEquals("{\"message\":\"Content-Type specified (text/plain) must be 'application/json'\"}", wrongType.body().trim());
        given().contentType("application/json").body("{\"Image\":\"busybox:local\",\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"sometimes\"}}}")
                .post("/v1.47/containers/create").then().statusCode(400).body("message", equalTo("invalid restart policy 'sometimes'"));
    }

    @Test
    void unknownContainersAreDockers404Everywhere() {
        given().post("/v1.47/containers/nope/start").then().statusCode(404).body("message", equalTo("No such container: nope"));
        given().delete("/v1.47/containers/nope").then().statusCode(404).body("message", equalTo("No such container: nope"));
        given().post("/v1.47/containers/nope/resize?h=24&w=80").then().statusCode(404).body("message", equalTo("No such container: nope"));
        given().get("/v1.47/containers/nope/json").then().statusCode(404).body("message", equalTo("No such container: nope"));
        given().post("/v1.47/containers/nope/wait").then().statusCode(404).body("message", equalTo("No such container: nope"));
        given().post("/containers/nope/attach?stream=1&stdout=1").then().statusCode(404).body("message", equalTo("No such container: nope"));
    }

    @Test
    void psAndInspectShowTheView() throws Exception {
        String running = newId();
        String fresh = newId();
        String name = "web-" + running.substring(0, 6);
        append(running, created(running, name, Map.of("app", "web")), started(running, 0));
        append(fresh, created(fresh, "fresh-" + fresh.substring(0, 6), Map.of()));

        given().get("/v1.47/containers/json").then().statusCode(200)
                .body("Id", hasItem(running)).body("Id", not(hasItem(fresh)));
        given().get("/v1.47/containers/json?all=1").then().statusCode(200).body("Id", hasItem(fresh));
        given().queryParam("all", "1").queryParam("filters", "{\"name\":{\"^/" + name + "$\":true},\"label\":{\"app=web\":true}}")
                .get("/v1.47/containers/json").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].Names", equalTo(List.of("/" + name)))
                .body("[0].Command", equalTo("sh -c 'echo out; exit 4'"))
                .body("[0].State", equalTo("running"))
                .body("[0].Ports[0].PublicPort", equalTo(32768))
                .body("[0].ImageID", equalTo(io.berth.gateway.projection.ContainerHistories.IMAGE_ID));

        for (String reference : List.of(name, running.substring(0, 10), running)) {
            given().get("/v1.47/containers/" + reference + "/json").then().statusCode(200)
                    .body("Id", equalTo(running))
                    .body("Name", equalTo("/" + name))
                    .body("Path", equalTo("sh"))
                    .body("Args", equalTo(List.of("-c", "echo out; exit 4")))
                    .body("State.Status", equalTo("running"))
                    .body("State.Running", equalTo(true))
                    .body("State.Pid", equalTo(4242))
                    .body("HostConfig.RestartPolicy.Name", equalTo("on-failure"))
                    .body("HostConfig.Memory", equalTo(64 << 20))
                    .body("HostConfig.Binds", equalTo(List.of("/srv:/www:ro")))
                    .body("Mounts[0].Destination", equalTo("/www"))
                    .body("Mounts[0].RW", equalTo(false))
                    .body("Config.Hostname", equalTo(running.substring(0, 12)))
                    .body("NetworkSettings.Ports.'80/tcp'[0].HostPort", equalTo("32768"));
        }
        given().get("/v1.47/info").then().statusCode(200)
                .body("Containers", greaterThanOrEqualTo(2)).body("ContainersRunning", greaterThanOrEqualTo(1));
    }

    @Test
    void aReadWaitsUntilTheViewShowsWhatTheGatewayAlreadyAnswered() throws Exception {
        String id = newId();
        given().get("/v1.47/containers/" + id + "/json").then().statusCode(404); // nothing expected yet: a prompt 404
        var view = projections.get(ContainersProjection.NAME);
        view.pause(true).get(10, TimeUnit.SECONDS);
        CompletableFuture<Integer> inspect;
        try {
            Envelope<?> created = event(id, 1, created(id, "answered-" + id.substring(0, 6), Map.of()));
            producer.send(new ProducerRecord<>(Topics.CONTAINER_EVENTS, id, serde.serialize(created))).get(10, TimeUnit.SECONDS);
            barrier.expect(id, 1); // what an accepted create's outcome does before the gateway answers 201
            inspect = CompletableFuture.supplyAsync(() -> given().get("/v1.47/containers/" + id + "/json").statusCode());
            Thread.sleep(300);
            assertTrue(!inspect.isDone(), "inspect answered from a view that has not applied the create yet");
        } finally {
            view.pause(false).get(10, TimeUnit.SECONDS);
        }
        assertEquals(200, inspect.get(30, TimeUnit.SECONDS));
    }

    @Test
    void waitSendsItsHeadersAtOnceAndTheExitCodeWhenTheContainerExits() throws Exception {
        String id = newId();
        append(id, created(id, "wait-" + id.substring(0, 6), Map.of()), started(id, 0));
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create(base + "v1.47/containers/" + id + "/wait?condition=next-exit"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofInputStream()); // returns on the headers
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        CompletableFuture<String> body = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = response.body()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300); // the body must not come before the exit
        assertTrue(!body.isDone(), "wait answered before the container exited");
        long before = System.nanoTime();
        append(id, 3, exited(id, 4));
        assertEquals("{\"Error\":null,\"StatusCode\":4}\n", body.get(30, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(5), "wait reacts to the exit event promptly");

        // not-running on a stopped container answers at once
        given().post("/containers/" + id + "/wait").then().statusCode(200).body(equalTo("{\"Error\":null,\"StatusCode\":4}\n"));
    }

    @Test
    void attachHijacksTheConnectionAndRelaysFramedOutputUntilTheRunEnds() throws Exception {
        String id = newId();
        append(id, created(id, "attach-" + id.substring(0, 6), Map.of()));
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1.47/containers/" + id + "/attach?stderr=1&stdout=1&stream=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Length: 0\r\nConnection: Upgrade\r\nContent-Type: text/plain\r\nUpgrade: tcp\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 101 "), head);
            assertTrue(head.toLowerCase().contains("upgrade: tcp"), head);
            assertTrue(head.toLowerCase().contains("connection: upgrade"), head);
            assertTrue(head.toLowerCase().contains("content-type: application/vnd.docker."), head);
            socket.shutdownOutput(); // as the CLI does without -i: output must still come back

            log(id, new LogMessage.LogBatch(id, "node-a", 1, 10, List.of(
                    new LogMessage.LogEntry("stderr", Instant.now(), "err\n".getBytes(StandardCharsets.UTF_8)),
                    new LogMessage.LogEntry("stdout", Instant.now(), "out\n".getBytes(StandardCharsets.UTF_8)))));
            log(id, new LogMessage.RunEnded(id, "node-a", 1, 4));

            byte[] received = in.readAllBytes(); // ends when the gateway closes after RunEnded
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.write(Stdcopy.frame(Stdcopy.STDERR, "err\n".getBytes(StandardCharsets.UTF_8)));
            expected.write(Stdcopy.frame(Stdcopy.STDOUT, "out\n".getBytes(StandardCharsets.UTF_8)));
            assertArrayEquals(expected.toByteArray(), received);
        }
    }

    private static String readHead(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static io.restassured.response.Response create(String image, String name) {
        var request = given().contentType("application/json").body("{\"Image\":\"" + image + "\",\"Cmd\":[\"true\"]}");
        if (name != null) {
            request = request.queryParam("name", name);
        }
        return request.post("/v1.47/containers/create");
    }

    private void append(String id, io.berth.contracts.container.ContainerEvent... events) throws Exception {
        for (int i = 0; i < events.length; i++) {
            append(id, i + 1, events[i]);
        }
    }

    private void append(String id, long sequence, io.berth.contracts.container.ContainerEvent e) throws Exception {
        Envelope<?> envelope = event(id, sequence, e);
        producer.send(new ProducerRecord<>(Topics.CONTAINER_EVENTS, id, serde.serialize(envelope))).get(10, TimeUnit.SECONDS);
        projections.get(ContainersProjection.NAME).reached(AggregateType.CONTAINER.wire(), id, sequence).get(30, TimeUnit.SECONDS);
    }

    private void log(String id, LogMessage m) throws Exception {
        Envelope<?> envelope = new Envelope<>(UUID.randomUUID().toString(), MessageType.of(m.getClass()), AggregateType.CONTAINER, id, 0,
                Instant.now(), "test", null, "runtime-service", "node-a", m);
        producer.send(new ProducerRecord<>(Topics.LOGS, id, serde.serialize(envelope))).get(10, TimeUnit.SECONDS);
    }
}
