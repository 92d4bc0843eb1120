package io.berth.gateway.adapters.imageservice;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.contracts.types.Digest;
import io.berth.eventsourcing.serde.MessageSerde;
import io.berth.gateway.api.docker.DockerError;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bulk data between the gateway and image-service goes over HTTP, never Kafka: rootfs tarballs in, config blobs
 * out. Blocking calls: use them from worker threads only. Blobs are immutable, so small ones are cached by digest.
 */
@ApplicationScoped
public class ImageServiceClient {
    private static final int CACHE_LIMIT = 512;

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();

    public ImageServiceClient(@ConfigProperty(name = "berth.image-service.url", defaultValue = "http://127.0.0.1:28082") URI base) {
        this.base = base;
    }

    /** What image-service stored, and the image store's sequence after it (to wait for the images view). */
    public record Imported(String imageId, long sequence) {
    }

    /** Streams a rootfs tarball to image-service, which stores it as a one-layer image. */
    public Imported importRootfs(InputStream tar, List<String> changes, String message, String tag) {
        StringBuilder query = new StringBuilder("?message=").append(encode(message == null ? "" : message));
        if (tag != null) {
            query.append("&tag=").append(encode(tag));
        }
        for (String c : changes) {
            query.append("&change=").append(encode(c));
        }
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/internal/v1/images/import" + query))
                .header("Content-Type", "application/x-tar")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> tar)).build();
        JsonNode answer = json(send(request, "import a rootfs"));
        return new Imported(answer.get("imageId").asText(), answer.get("sequence").asLong());
    }

    /**
     * Streams a container's writable layer to image-service, which stores it on top of {@code parent} with the
     * container's config ({@code containerConfig}, Docker's {@code Config} JSON) and the {@code changes}.
     */
    public Imported commit(InputStream layer, String parent, String repo, String tag, String comment, String author,
                           List<String> changes, byte[] containerConfig) {
        StringBuilder query = new StringBuilder("?parent=").append(encode(parent));
        append(query, "repo", repo);
        append(query, "tag", tag);
        append(query, "comment", comment);
        append(query, "author", author);
        for (String c : changes) {
            append(query, "changes", c);
        }
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/internal/v1/images/commit" + query))
                .header("Content-Type", "application/x-tar")
                .header("X-Berth-Container-Config", java.util.Base64.getEncoder().encodeToString(containerConfig))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> layer)).build();
        JsonNode answer = json(send(request, "commit a container"));
        return new Imported(answer.get("imageId").asText(), answer.get("sequence").asLong());
    }

    private static void append(StringBuilder query, String name, String value) {
        if (value != null && !value.isEmpty()) {
            query.append('&').append(name).append('=').append(encode(value));
        }
    }

    /** Checks credentials against a registry (image-service asks the registry's {@code /v2/}). */
    public byte[] login(byte[] authJson) {
        return send(HttpRequest.newBuilder(base.resolve("/internal/v1/registry/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(authJson)).build(), "log in");
    }

    /** Relays the progress stream of a push; returns the image store's sequence after it (0 if it failed). */
    public long push(String reference, String registryAuth, OutputStream out) {
        return relay("/internal/v1/images/push?reference=" + encode(reference), registryAuth, out, "push " + reference);
    }

    /** Relays the progress stream of a pull; returns the image store's sequence after it (0 if it failed). */
    public long pull(String reference, String registryAuth, OutputStream out) {
        return relay("/internal/v1/images/pull?reference=" + encode(reference), registryAuth, out, "pull " + reference);
    }

    private long relay(String path, String registryAuth, OutputStream out, String action) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody());
        if (registryAuth != null && !registryAuth.isBlank()) {
            request.header("X-Registry-Auth", registryAuth);
        }
        long sequence = 0;
        try {
            HttpResponse<InputStream> r = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                try (InputStream body = r.body()) {
                    throw new DockerError(500, "image-service could not " + action + ": HTTP " + r.statusCode() + " "
                            + new String(body.readNBytes(500), StandardCharsets.UTF_8));
                }
            }
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith("{\"berthSequence\":")) {
                        sequence = MessageSerde.standard().json().readTree(line).get("berthSequence").asLong();
                        continue;
                    }
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
            return sequence;
        } catch (IOException e) {
            throw new DockerError(502, "image-service could not " + action + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerError(503, "interrupted while asking image-service to " + action);
        }
    }

    /** Opens a {@code docker save} archive of the named images; unknown names fail here, before any byte is relayed. */
    public InputStream save(List<String> names) {
        StringBuilder query = new StringBuilder();
        for (String n : names) {
            query.append(query.length() == 0 ? '?' : '&').append("name=").append(encode(n));
        }
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(base.resolve("/internal/v1/images/save" + query)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                try (InputStream body = r.body()) {
                    String message = MessageSerde.standard().json().readTree(body.readAllBytes()).path("message").asText("save failed");
                    throw new DockerError(r.statusCode() == 404 ? 404 : 500, message);
                }
            }
            return r.body();
        } catch (IOException e) {
            throw new DockerError(502, "image-service could not save " + names + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerError(503, "interrupted while saving " + names);
        }
    }

    /** What {@code docker load} prints, and the image store's sequence after the load. */
    public record Loaded(String stream, long sequence) {
    }

    /** Streams a {@code docker save} archive to image-service. */
    public Loaded load(InputStream archive) {
        byte[] answer = send(HttpRequest.newBuilder(base.resolve("/internal/v1/images/load")).header("Content-Type", "application/x-tar")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> archive)).build(), "load an archive");
        StringBuilder stream = new StringBuilder();
        long sequence = 0;
        for (String line : new String(answer, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{\"berthSequence\":")) {
                sequence = json(line.getBytes(StandardCharsets.UTF_8)).get("berthSequence").asLong();
            } else if (!line.isBlank()) {
                stream.append(line).append('\n');
            }
        }
        return new Loaded(stream.toString(), sequence);
    }

    /** A blob's bytes, e.g. an image config; for small blobs only. */
    public byte[] blob(Digest digest) {
        byte[] cached = blobs.get(digest);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = send(HttpRequest.newBuilder(base.resolve("/internal/v1/blobs/" + digest)).GET().build(), "read blob " + digest);
        if (blobs.size() < CACHE_LIMIT) {
            blobs.put(digest, bytes);
        }
        return bytes;
    }

    private byte[] send(HttpRequest request, String action) {
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() / 100 != 2) {
                String message = new String(r.body(), StandardCharsets.UTF_8);
                try {
                    message = MessageSerde.standard().json().readTree(r.body()).path("message").asText(message);
                } catch (IOException notJson) {
                    // keep the raw text
                }
                int status = r.statusCode();
                throw new DockerError(status == 404 || status == 401 ? status : status / 100 == 4 ? 400 : 500, message);
            }
            return r.body();
        } catch (IOException e) {
            throw new DockerError(502, "image-service could not " + action + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerError(503, "interrupted while asking image-service to " + action);
        }
    }

    private static JsonNode json(byte[] body) {
        try {
            return MessageSerde.standard().json().readTree(body);
        } catch (IOException e) {
            throw new DockerError(502, "image-service answered with invalid JSON: " + e.getMessage());
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
