package io.berth.runtime.adapters.snapshot;

import io.berth.contracts.types.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Layer blobs held in memory and served as a {@link BlobSource}, counting how often each is fetched. */
final class TestLayers implements BlobSource {
    private final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<Digest, AtomicInteger> opens = new ConcurrentHashMap<>();

    /** Stores a blob under its real digest and returns that digest. */
    Digest add(byte[] blob) {
        Digest digest = sha256(blob);
        blobs.put(digest, blob);
        return digest;
    }

    /** Stores a blob under a digest of the caller's choice (a wrong one, to test verification). */
    void put(Digest digest, byte[] blob) {
        blobs.put(digest, blob);
    }

    int opens(Digest digest) {
        AtomicInteger n = opens.get(digest);
        return n == null ? 0 : n.get();
    }

    @Override
    public InputStream open(Digest digest) throws IOException {
        opens.computeIfAbsent(digest, d -> new AtomicInteger()).incrementAndGet();
        byte[] blob = blobs.get(digest);
        if (blob == null) {
            throw new BlobNotFoundException(digest, "not in the test map");
        }
        return new ByteArrayInputStream(blob);
    }

    static Digest sha256(byte[] data) {
        try {
            return Digest.sha256(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
