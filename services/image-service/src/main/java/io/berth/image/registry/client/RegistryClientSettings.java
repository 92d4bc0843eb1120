package io.berth.image.registry.client;

import java.time.Duration;

/**
 * Limits for talking to registries.
 *
 * @param connectTimeout TCP connect plus TLS handshake (also bounds the HTTPS probe of a plain-HTTP registry)
 * @param requestTimeout whole exchange for small requests (ping, HEAD, manifests, tokens, tags)
 * @param transferTimeout whole exchange for one blob download or one upload request
 * @param uploadChunkSize blobs up to this size go up in one PUT; larger ones in PATCH chunks of this size
 * @param maxConcurrentTransfers blobs pushed or pulled at the same time (dockerd: 5 up, 3 down)
 * @param tagPageSize {@code n} for tags/list pages; 0 lets the registry choose
 * @param userAgent sent with every request
 */
public record RegistryClientSettings(Duration connectTimeout, Duration requestTimeout, Duration transferTimeout,
        long uploadChunkSize, int maxConcurrentTransfers, int tagPageSize, String userAgent) {

    public RegistryClientSettings {
        if (uploadChunkSize <= 0 || maxConcurrentTransfers <= 0 || tagPageSize < 0) {
            throw new IllegalArgumentException("chunk size and concurrency must be positive, page size not negative");
        }
    }

    public static RegistryClientSettings defaults() {
        return new RegistryClientSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(30),
                16L << 20, 3, 0, "berth-image-service");
    }

    public RegistryClientSettings withUploadChunkSize(long bytes) {
        return new RegistryClientSettings(connectTimeout, requestTimeout, transferTimeout, bytes,
                maxConcurrentTransfers, tagPageSize, userAgent);
    }

    public RegistryClientSettings withTagPageSize(int n) {
        return new RegistryClientSettings(connectTimeout, requestTimeout, transferTimeout, uploadChunkSize,
                maxConcurrentTransfers, n, userAgent);
    }

    public RegistryClientSettings withTimeouts(Duration connect, Duration request, Duration transfer) {
        return new RegistryClientSettings(connect, request, transfer, uploadChunkSize, maxConcurrentTransfers,
                tagPageSize, userAgent);
    }
}
