package io.berth.image.archive;

import io.berth.tar.TarPaths;
import io.berth.tar.Streams;
import io.berth.tar.InvalidArchiveException;
import io.berth.contracts.types.Digest;
import io.berth.contracts.types.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Looking things up in a spooled archive, with errors that say what was looked for and why. */
final class ArchiveFiles {
    /** {@code blobs/sha256/<hex>} (OCI layouts, Docker ≥25) or {@code <hex>.json} (configs of Docker ≤24). */
    private static final Pattern NAMED_BY_DIGEST = Pattern.compile("(?:blobs/(sha256)/([a-f0-9]{64}))|(?:([a-f0-9]{64})\\.json)");

    private ArchiveFiles() {
    }

    static Path require(ArchiveSpool spool, String archivePath, String what) throws InvalidArchiveException {
        if (TarPaths.resolve(archivePath).isEmpty()) {
            throw new InvalidArchiveException(what + ": path '" + archivePath + "' escapes the archive");
        }
        return spool.file(archivePath).orElseThrow(() -> new InvalidArchiveException(
                what + ": '" + archivePath + "' is not in the archive"));
    }

    /** A small JSON document, read whole. */
    static byte[] readDocument(ArchiveSpool spool, String archivePath, String what) throws IOException {
        Path file = require(spool, archivePath, what);
        try (InputStream in = Files.newInputStream(file)) {
            return Streams.readBounded(in, Json.MAX_DOCUMENT_BYTES, what + " ('" + archivePath + "')");
        }
    }

    /** A document stored under the name of its digest; the content must have that digest. */
    static byte[] readBlob(ArchiveSpool spool, Digest digest, String what) throws IOException {
        byte[] data = readDocument(spool, blobPath(digest, what), what);
        requireDigest(data, digest, what);
        return data;
    }

    /** If a path names a digest ({@code blobs/sha256/<hex>}, {@code <hex>.json}), the data must match it. */
    static void checkNamedDigest(String archivePath, byte[] data, String what) throws InvalidArchiveException {
        Optional<TarPaths.Resolved> resolved = TarPaths.resolve(archivePath);
        if (resolved.isEmpty()) {
            return;
        }
        Matcher m = NAMED_BY_DIGEST.matcher(resolved.get().path());
        if (m.matches()) {
            requireDigest(data, new Digest("sha256", m.group(2) != null ? m.group(2) : m.group(3)), what);
        }
    }

    static String blobPath(Digest digest, String what) throws InvalidArchiveException {
        if (!digest.algorithm().equals("sha256")) {
            throw new InvalidArchiveException(what + ": only sha256 digests are supported, not " + digest);
        }
        return "blobs/sha256/" + digest.hex();
    }

    private static void requireDigest(byte[] data, Digest expected, String what) throws InvalidArchiveException {
        Digest actual = Sha256.of(data);
        if (!actual.equals(expected)) {
            throw new InvalidArchiveException(what + ": content is " + actual + ", not " + expected);
        }
    }

    /** A RepoTags entry: Docker only accepts name:tag here, not a bare name or a digest. */
    static ImageReference repoTag(String text, String what) throws InvalidArchiveException {
        int colon = text.lastIndexOf(':');
        if (text.contains("@") || colon <= text.lastIndexOf('/')) {
            throw new InvalidArchiveException(what + ": repo tag '" + text + "' is not of the form name:tag");
        }
        try {
            return ImageReference.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidArchiveException(what + ": repo tag '" + text + "': " + e.getMessage());
        }
    }
}
