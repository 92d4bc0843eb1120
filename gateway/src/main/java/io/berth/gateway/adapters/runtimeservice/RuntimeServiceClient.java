package io.berth.gateway.adapters.runtimeservice;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.gateway.api.docker.DockerError;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Bulk reads of a container from the runtime-service of its host, over HTTP at the address the host announced when
 * it joined ({@code HostFacts.apiUrl}): {@code docker diff} and the writable layer for {@code docker commit}.
 * Blocking: use from worker threads only.
 */
@ApplicationScoped
public class RuntimeServiceClient {
    private static final Duration ANSWER_DEADLINE = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Docker's change list ({@code [{"Kind":…,"Path":…}]}); a container the host does not hold is Docker's 404. */
    public JsonNode changes(String apiUrl, String containerId) {
        HttpRequest request = HttpRequest.newBuilder(uri(apiUrl, containerId, "changes")).timeout(ANSWER_DEADLINE).GET().build();
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            failUnlessOk(r.statusCode(), r.body(), containerId);
            return MessageSerde.standard().json().readTree(r.body());
        } catch (IOException e) {
            throw new DockerError(502, "the host of container " + containerId + " could not list its changes: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerError(503, "interrupted while listing the changes of container " + containerId);
        }
    }

    /** The writable layer as an uncompressed OCI layer tar; the caller closes the stream. */
    public InputStream layer(String apiUrl, String containerId) {
        HttpRequest request = HttpRequest.newBuilder(uri(apiUrl, containerId, "diff")).GET().build();
        try {
            HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                try (InputStream body = r.body()) {
                    failUnlessOk(r.statusCode(), body.readNBytes(4096), containerId);
                }
            }
            return r.body();
        } catch (IOException e) {
            throw new DockerError(502, "the host of container " + containerId + " could not send its layer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerError(503, "interrupted while reading the layer of container " + containerId);
        }
    }

    private static void failUnlessOk(int status, byte[] body, String containerId) {
        if (status == 200) {
            return;
        }
        String message = new String(body, StandardCharsets.UTF_8);
        try {
            message = MessageSerde.standard().json().readTree(body).path("message").asText(message);
        } catch (IOException notJson) {
            // keep the raw text
        }
        throw new DockerError(status == 404 ? 404 : 500, status == 404 ? "No such container: " + containerId : message);
    }

    private static URI uri(String apiUrl, String containerId, String what) {
        String base = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        return URI.create(base + "/internal/v1/containers/" + URLEncoder.encode(containerId, StandardCharsets.UTF_8) + "/" + what);
    }
}
