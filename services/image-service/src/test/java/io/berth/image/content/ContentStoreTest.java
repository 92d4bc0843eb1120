package io.berth.image.content;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.contracts.types.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
    private static final byte[] HELLO = "hello, berth".getBytes(UTF_8);

    @TempDir
    Path root;
    ContentStore store;

    @BeforeEach
    void openStore() throws IOException {
        store = new ContentStore(root);
    }

    @Test
    void put_storesUnderItsSha256() throws Exception {
        Digest digest = store.put(HELLO);

        assertEquals(sha256(HELLO), digest);
        assertTrue(Files.isRegularFile(root.resolve("blobs/sha256/" + digest.hex())));
        assertEquals(Optional.of(new BlobInfo(digest, HELLO.length)), store.info(digest));
        assertArrayEquals(HELLO, readAll(store.open(digest)));
        assertEquals(List.of(), list("ingest"));
    }

    @Test
    void commit_blobIsVisibleOnlyAfterCommit() throws Exception {
        Digest digest = sha256(HELLO);
        Ingest ingest = store.begin();
        ingest.write(HELLO);

        assertFalse(store.exists(digest));
        assertEquals(Optional.empty(), store.info(digest));
        assertThrows(BlobNotFoundException.class, () -> store.open(digest));
        assertEquals(List.of(), list("blobs/sha256"));

        assertEquals(digest, ingest.commit(digest, HELLO.length));
        assertTrue(store.exists(digest));
        assertEquals(List.of(), list("ingest"));
        assertFalse(ingest.isOpen());
    }

    @Test
    void commit_digestMismatch_leavesNothingBehind() throws Exception {
        Digest wrong = sha256("something else".getBytes(UTF_8));
        Ingest ingest = store.begin();
        ingest.write(HELLO);

        DigestMismatchException e = assertThrows(DigestMismatchException.class, () -> ingest.commit(wrong, HELLO.length));

        assertTrue(e.getMessage().contains(wrong.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(sha256(HELLO).toString()), e.getMessage());
        assertEquals(List.of(), list("blobs/sha256"));
        assertEquals(List.of(), list("ingest"));
        assertEquals(Optional.empty(), store.resume(ingest.id()));
    }

    @Test
    void commit_truncatedUpload_isASizeMismatchAndStaysResumable() throws Exception {
        byte[] whole = "0123456789".getBytes(UTF_8);
        Ingest ingest = store.begin();
        ingest.write(whole, 0, 6);

        SizeMismatchException e = assertThrows(SizeMismatchException.class, () -> ingest.commit(sha256(whole), whole.length));

        assertEquals(10, e.expected());
        assertEquals(6, e.actual());
        assertEquals(List.of(), list("blobs/sha256"));
        ingest.write(whole, 6, 4);
        assertEquals(sha256(whole), ingest.commit(sha256(whole), whole.length));
    }

    @Test
    void put_wrongExpectedDigest_isRejected() throws Exception {
        Digest wrong = sha256(new byte[] {1});

        assertThrows(DigestMismatchException.class, () -> store.put(new ByteArrayInputStream(HELLO), wrong, -1));

        assertEquals(List.of(), list("blobs/sha256"));
        assertEquals(List.of(), list("ingest"));
    }

    @Test
    void put_shortStream_isRejectedAndCleanedUp() throws Exception {
        assertThrows(SizeMismatchException.class, () -> store.put(new ByteArrayInputStream(HELLO), sha256(HELLO), HELLO.length + 1));

        assertEquals(List.of(), list("blobs/sha256"));
        assertEquals(List.of(), list("ingest"));
    }

    @Test
    void commit_sha512Expected_isRefusedBecauseOnlySha256IsComputed() throws Exception {
        Ingest ingest = store.begin();
        Digest sha512 = new Digest("sha512", "a".repeat(128));

        assertThrows(IllegalArgumentException.class, () -> ingest.commit(sha512, -1));
        assertTrue(ingest.isOpen());
    }

    @Test
    void put_identicalContent_isStoredOnce() throws Exception {
        Digest first = store.put(HELLO);
        Digest second = store.put(new ByteArrayInputStream(HELLO), first, HELLO.length);

        assertEquals(first, second);
        assertEquals(List.of(first.hex()), list("blobs/sha256"));
        assertEquals(List.of(), list("ingest"));
    }

    @Test
    void put_identicalContent_theDuplicateUploadIsDeletedInTheBackground() throws Exception {
        store.put(HELLO);
        store.put(HELLO);

        assertEquals(List.of(), list("ingest")); // moved aside at once
        awaitEmpty("trash");
    }

    @Test
    void open_emptiesTheTrashAProcessLeftBehind() throws Exception {
        Files.writeString(root.resolve("trash/" + "a".repeat(32)), "a duplicate upload whose deletion a crash cut off");

        new ContentStore(root);

        awaitEmpty("trash");
    }

    @Test
    void commit_ofAnUploadWrittenBackWhileItArrived_isIntact() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        java.util.Random random = new java.util.Random(11);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        Ingest ingest = store.begin();
        for (int i = 0; i < 40 * 16; i++) { // 40 MiB: early writeback runs at least twice meanwhile
            random.nextBytes(chunk);
            expected.update(chunk);
            ingest.write(ByteBuffer.wrap(chunk));
        }
        Digest digest = Digest.sha256(expected.digest());

        assertEquals(digest, ingest.commit(digest, 40L << 20));
        try (InputStream in = store.open(digest)) {
            MessageDigest stored = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            long size = 0;
            for (int n; (n = in.read(buffer)) >= 0; size += n) {
                stored.update(buffer, 0, n);
            }
            assertEquals(40L << 20, size);
            assertEquals(digest, Digest.sha256(stored.digest()));
        }
    }

    @Test
    void commit_concurrentIdenticalContent_doesNotConflict() throws Exception {
        byte[] content = new byte[256 * 1024];
        new java.util.Random(7).nextBytes(content);
        List<Digest> digests = Stream.generate(() -> content).limit(16).parallel()
                .map(bytes -> {
                    try {
                        return store.put(bytes);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .distinct().toList();

        assertEquals(List.of(sha256(content)), digests);
        assertEquals(List.of(sha256(content).hex()), list("blobs/sha256"));
        assertEquals(List.of(), list("ingest"));
    }

    @Test
    void resume_afterRestart_continuesTheDigest() throws Exception {
        byte[] whole = "first chunk|second chunk".getBytes(UTF_8);
        Ingest before = store.begin();
        before.write(ByteBuffer.wrap(whole, 0, 12));
        String id = before.id();
        before.close();

        ContentStore restarted = new ContentStore(root);
        Ingest after = restarted.resume(id).orElseThrow();

        assertEquals(12, after.size());
        after.append(new ByteArrayInputStream(whole, 12, whole.length - 12));
        assertEquals(sha256(whole), after.commit(sha256(whole), whole.length));
        assertArrayEquals(whole, readAll(restarted.open(sha256(whole))));
    }

    @Test
    void resume_ofALiveIngest_returnsTheSameObject() throws Exception {
        Ingest ingest = store.begin();
        ingest.write(HELLO);

        assertSame(ingest, store.resume(ingest.id()).orElseThrow());
    }

    @Test
    void resume_unknownOrUnsafeIds_areEmpty() throws Exception {
        Files.writeString(root.resolve("secret"), "not an ingest");
        Digest blob = store.put(HELLO);
        List<String> unknownOrUnsafe = List.of("", "..", "../secret", "..%2fsecret", "/etc/passwd",
                "../blobs/sha256/" + blob.hex(), "ingest/../../secret", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
                "a".repeat(31), "a".repeat(33), "a".repeat(31) + "/", "a".repeat(31) + "\u0000",
                "a".repeat(32));

        for (String id : unknownOrUnsafe) {
            assertEquals(Optional.empty(), store.resume(id), id);
        }
        assertEquals(Optional.empty(), store.resume(null));
    }

    @Test
    void begin_idsAreRandomLowerCaseAlphanumerics() throws Exception {
        Ingest a = store.begin();
        Ingest b = store.begin();

        assertTrue(a.id().matches("[a-z0-9]{32}"), a.id());
        assertFalse(a.id().equals(b.id()));
        assertEquals(List.of(a.id(), b.id()).stream().sorted().toList(), list("ingest"));
    }

    @Test
    void abort_deletesTheUploadAndClosesIt() throws Exception {
        Ingest ingest = store.begin();
        ingest.write(HELLO);

        ingest.abort();

        assertEquals(List.of(), list("ingest"));
        assertThrows(IllegalStateException.class, () -> ingest.write(HELLO));
        assertEquals(Optional.empty(), store.resume(ingest.id()));
    }

    @Test
    void open_range_readsExactlyTheSlice() throws Exception {
        Digest digest = store.put("0123456789".getBytes(UTF_8));

        assertEquals("234", new String(readAll(store.open(digest, 2, 3)), UTF_8));
        assertEquals("", new String(readAll(store.open(digest, 10, 0)), UTF_8));
        assertEquals("0123456789", new String(readAll(store.open(digest, 0, 10)), UTF_8));
        assertThrows(IllegalArgumentException.class, () -> store.open(digest, 8, 3));
        assertThrows(IllegalArgumentException.class, () -> store.open(digest, -1, 3));
        assertThrows(BlobNotFoundException.class, () -> store.open(sha256(HELLO), 0, 1));
    }

    @Test
    void delete_isIdempotent() throws Exception {
        Digest digest = store.put(HELLO);

        assertTrue(store.delete(digest));
        assertFalse(store.delete(digest));
        assertFalse(store.exists(digest));
        assertThrows(BlobNotFoundException.class, () -> store.path(digest));
    }

    @Test
    void path_pointsAtTheReadOnlyCommittedFile() throws Exception {
        Digest digest = store.put(HELLO);

        Path path = store.path(digest);

        assertEquals(root.resolve("blobs/sha256").resolve(digest.hex()), path);
        assertEquals(PosixFilePermissions.fromString("r--r--r--"), Files.getPosixFilePermissions(path));
    }

    @Test
    void sweepIngests_removesOnlyAbandonedUploads() throws Exception {
        Ingest stale = store.begin();
        Ingest fresh = store.begin();
        Files.writeString(root.resolve("ingest").resolve(IngestId.random()), "left by a crashed process");
        for (String name : list("ingest")) {
            if (!name.equals(fresh.id())) {
                Files.setLastModifiedTime(root.resolve("ingest").resolve(name),
                        FileTime.from(Instant.now().minus(Duration.ofHours(30))));
            }
        }

        assertEquals(2, store.sweepIngests(Duration.ofHours(24)));

        assertEquals(List.of(fresh.id()), list("ingest"));
        assertFalse(stale.isOpen());
        assertTrue(fresh.isOpen());
    }

    private void awaitEmpty(String directory) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!list(directory).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, directory + " still holds " + list(directory) + " after 10 s");
            Thread.sleep(10);
        }
    }

    private List<String> list(String directory) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(directory))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    static Digest sha256(byte[] bytes) throws Exception {
        return Digest.sha256(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
