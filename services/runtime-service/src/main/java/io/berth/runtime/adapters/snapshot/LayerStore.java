package io.berth.runtime.adapters.snapshot;

import io.berth.contracts.types.Digest;
import io.berth.tar.SafeTarReader;
import io.berth.tar.Streams;
import io.berth.tar.TarPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The host's unpacked, read-only copy of each layer, shared by every image and container that uses it.
 *
 * <pre>
 * &lt;root&gt;/layers/&lt;hex&gt;/                  one unpacked layer (an overlay lower dir), named by its blob digest
 * &lt;root&gt;/layers/.tmp-&lt;hex&gt;-&lt;uuid&gt;/     a layer being unpacked; invisible until renamed into place
 * </pre>
 *
 * A layer directory exists only once its blob was read whole, its digest matched and every member was written:
 * it is unpacked into a temporary directory next to its final place, flushed, then renamed in one step (the way a
 * content store commits a blob). Anything else leaves nothing behind. One instance per root: the constructor
 * removes unpacking leftovers of a previous process.
 */
public final class LayerStore {
    private static final String TEMP_PREFIX = ".tmp-";

    private final Path layers;
    private final BlobSource source;
    private final ConcurrentHashMap<Digest, CompletableFuture<Path>> inFlight = new ConcurrentHashMap<>();

    public LayerStore(Path root, BlobSource source) throws IOException {
        this.layers = root.toAbsolutePath().resolve("layers");
        this.source = source;
        Files.createDirectories(layers);
        NativeFiles.chmod(layers, 0700);
        removeLeftovers();
    }

    /**
     * The unpacked layer, fetched and unpacked first if this host does not have it yet. Concurrent callers for
     * the same digest share one fetch; a failure reaches all of them and leaves no directory, so a later call
     * tries again.
     *
     * @throws DigestMismatchException          if the blob's content does not match {@code layerDigest}
     * @throws io.berth.tar.InvalidArchiveException if the blob is not a layer that may be unpacked
     * @throws BlobNotFoundException            if the blob source does not have it
     */
    public Path unpacked(Digest layerDigest) throws IOException {
        Path dir = path(layerDigest);
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return dir;
        }
        CompletableFuture<Path> mine = new CompletableFuture<>();
        CompletableFuture<Path> running = inFlight.putIfAbsent(layerDigest, mine);
        if (running != null) {
            return await(running, layerDigest);
        }
        try {
            // Checked again: another caller may have finished between the first check and putIfAbsent.
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                fetchAndUnpack(layerDigest, dir);
            }
            mine.complete(dir);
            return dir;
        } catch (IOException | RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(layerDigest, mine);
        }
    }

    /** Where the layer is (or would be) unpacked; does not fetch anything. */
    public Path path(Digest layerDigest) {
        return layers.resolve(layerDigest.hex());
    }

    private void fetchAndUnpack(Digest digest, Path dir) throws IOException {
        Path temp = layers.resolve(TEMP_PREFIX + digest.hex() + "-" + UUID.randomUUID());
        Files.createDirectory(temp);
        boolean placed = false;
        try {
            NativeFiles.chmod(temp, 0755);
            String context = "layer " + digest;
            try (InputStream raw = source.open(digest)) {
                VerifyingInputStream blob = new VerifyingInputStream(raw, digest);
                SafeTarReader reader = SafeTarReader.open(blob, TarPolicy.imageLayer(), context);
                LayerUnpacker.unpack(reader, temp, context);
                reader.drainRemainder();
                Streams.drain(blob);
                blob.verify();
            }
            NativeFiles.syncFilesystem(temp);
            placed = moveIntoPlace(temp, dir);
        } finally {
            if (!placed) {
                Trees.delete(temp);
            }
        }
    }

    /** Renames atomically; if the layer appeared meanwhile (another process), keeps that one. */
    private static boolean moveIntoPlace(Path temp, Path dir) throws IOException {
        try {
            Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (FileSystemException e) {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            throw e;
        }
    }

    private static Path await(CompletableFuture<Path> running, Digest digest) throws IOException {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for layer " + digest + " to be unpacked");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io; // the same exception the fetching caller got, type and all
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException("unpacking layer " + digest + " failed: " + cause, cause);
        }
    }

    private void removeLeftovers() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(layers, TEMP_PREFIX + "*")) {
            for (Path leftover : entries) {
                Trees.delete(leftover);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
