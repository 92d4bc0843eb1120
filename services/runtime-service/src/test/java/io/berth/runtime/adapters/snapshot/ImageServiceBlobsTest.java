package io.berth.runtime.adapters.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.berth.contracts.types.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on loopback that answers like image-service's internal blob endpoint. */
class ImageServiceBlobsTest {
    private static final byte[] BLOB = "layer bytes".getBytes(StandardCharsets.UTF_8);
    private static final Digest KNOWN = TestLayers.sha256(BLOB);

    private HttpServer server;
    private ImageServiceBlobs blobs;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/v1/blobs/", exchange -> {
            String digest = exchange.getRequestURI().getPath().substring("/internal/v1/blobs/".length());
            boolean known = digest.equals(KNOWN.toString());
            byte[] body = known ? BLOB
                    : ("{\"message\":\"blob unknown: " + digest + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(known ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        blobs = new ImageServiceBlobs(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void streamsAKnownBlob() throws IOException {
        try (InputStream in = blobs.open(KNOWN)) {
            assertArrayEquals(BLOB, in.readAllBytes());
        }
    }

    @Test
    void anUnknownBlobIsBlobNotFoundWithImageServicesMessage() {
        Digest unknown = TestLayers.sha256(new byte[] {1});
        BlobNotFoundException e = assertThrows(BlobNotFoundException.class, () -> blobs.open(unknown));
        assertTrue(e.getMessage().contains("blob unknown: " + unknown), e.getMessage());
    }

    @Test
    void anUnreachableServiceNamesTheBlobAndTheUrl() throws IOException {
        server.stop(0);
        IOException e = assertThrows(IOException.class, () -> blobs.open(KNOWN));
        assertTrue(e.getMessage().contains(KNOWN.toString()) && e.getMessage().contains("127.0.0.1"), e.getMessage());
    }
}
