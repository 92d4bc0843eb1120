package io.berth.runtime.adapters.snapshot;

import io.berth.contracts.types.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Fetches blobs from image-service's internal endpoint {@code GET /internal/v1/blobs/{digest}} (200 with the bytes,
 * 404 when unknown, 400 for a malformed digest; errors carry {@code {"message": …}}). Streams the body: a layer
 * may be gigabytes and is never held in memory.
 */
public final class ImageServiceBlobs implements BlobSource {
    /** Bounds the wait for response headers, not the transfer: a large layer may take as long as it takes. */
    private static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_ERROR_BODY = 4096;

    private final URI base;
    private final HttpClient http;

    /** {@code imageServiceUrl} is image-service's base URL, e.g. {@code http://127.0.0.1:8081}. */
    public ImageServiceBlobs(URI imageServiceUrl) {
        this(imageServiceUrl, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    public ImageServiceBlobs(URI imageServiceUrl, HttpClient http) {
        String url = imageServiceUrl.toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.http = http;
    }

    @Override
    public InputStream open(Digest digest) throws IOException {
        URI uri = base.resolve("internal/v1/blobs/" + digest);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(HEADERS_TIMEOUT).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while fetching blob " + digest + " from " + uri);
        } catch (IOException e) {
            throw new IOException("Tried to fetch blob " + digest + " from image-service at " + uri
                    + " but failed because: " + e, e);
        }
        int status = response.statusCode();
        if (status == 200) {
            return response.body();
        }
        String message = errorBody(response.body());
        if (status == 404) {
            throw new BlobNotFoundException(digest, "image-service at " + base + " says: " + message);
        }
        throw new IOException("Tried to fetch blob " + digest + " from image-service at " + uri
                + " but failed because: HTTP " + status + ": " + message);
    }

    private static String errorBody(InputStream body) throws IOException {
        try (body) {
            return new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        }
    }
}
