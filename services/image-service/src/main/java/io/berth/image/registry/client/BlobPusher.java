package io.berth.image.registry.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Uploads one blob the OCI distribution way. {@code POST /v2/<name>/blobs/uploads/} opens an upload; with
 * {@code ?mount=<digest>&from=<repo>} it first asks for a cross-repository mount, and 201 means done. Then either
 * one {@code PUT <location>?digest=} carrying the whole blob (blobs up to the chunk size), or {@code PATCH} chunks with
 * {@code Content-Range} followed by an empty closing PUT. Every response's Location, relative or absolute, is the next
 * URL, and its query (the registry's upload state) is kept.
 */
final class BlobPusher {
    enum Outcome { UPLOADED, MOUNTED }

    private static final String OCTET_STREAM = "application/octet-stream";

    private final String image;
    private final String repository;
    private final BlobRef blob;
    private final BlobSource source;
    private final String mountFrom;
    private final long chunkSize;
    private final ProgressThrottle progress;

    /** @param mountFrom a repository on the same registry that has the blob, or null */
    BlobPusher(String registry, String repository, BlobRef blob, BlobSource source, String mountFrom, long chunkSize,
            ProgressThrottle progress) {
        this.image = registry + "/" + repository;
        this.repository = repository;
        this.blob = blob;
        this.source = source;
        this.mountFrom = mountFrom;
        this.chunkSize = chunkSize;
        this.progress = progress;
    }

    Outcome push(RegistrySession session) throws RegistryException {
        Optional<URI> upload = session.call(new UploadStarter());
        if (upload.isEmpty()) {
            return Outcome.MOUNTED;
        }
        URI location = upload.get();
        if (blob.size() <= chunkSize) {
            session.call(new UploadCommitter(location, true));
        } else {
            // Terminates: every pass moves the offset forward by a positive chunk.
            for (long offset = 0; offset < blob.size(); offset += chunkSize) {
                location = session.call(new ChunkWriter(location, offset, Math.min(chunkSize, blob.size() - offset)));
            }
            session.call(new UploadCommitter(location, false));
        }
        progress.finish(blob.size());
        return Outcome.UPLOADED;
    }

    /** The blob's bytes [offset, offset+length), re-read from the source on every send. */
    private RequestBody slice(long offset, long length) {
        return new RequestBody(OCTET_STREAM, length, () -> {
            InputStream in = source.open();
            try {
                in.skipNBytes(offset);
            } catch (IOException e) {
                in.close();
                throw e;
            }
            return new SliceInputStream(in, length, read -> progress.update(offset + read));
        });
    }

    private static URI withDigest(URI location, String digest) {
        String separator = location.getRawQuery() == null ? "?" : "&";
        return URI.create(location + separator + "digest=" + digest);
    }

    /** POST uploads/ — 201 when mounted (empty result), 202 with the upload's Location otherwise. */
    private final class UploadStarter implements RegistryEndpointProvider<Optional<URI>> {
        @Override
        public String httpMethod() {
            return "POST";
        }

        @Override
        public URI uri(RegistryEndpoint endpoint) {
            String mount = mountFrom == null ? "" : "?mount=" + blob.digest() + "&from=" + mountFrom;
            return endpoint.resolve("/v2/" + repository + "/blobs/uploads/" + mount);
        }

        @Override
        public boolean handles(int status) {
            return status == 201 || status == 202;
        }

        @Override
        public Optional<URI> handleResponse(RegistryResponse response) throws IOException {
            if (response.status() == 201) {
                return Optional.empty();
            }
            return Optional.of(response.location()
                    .orElseThrow(() -> new IOException("the registry opened an upload without a Location")));
        }

        @Override
        public String actionDescription() {
            return (mountFrom == null ? "start an upload" : "mount blob from " + mountFrom) + " for " + image
                    + " with digest " + blob.digest();
        }
    }

    /** PATCH one chunk; the answer's Location continues the upload. */
    private final class ChunkWriter implements RegistryEndpointProvider<URI> {
        private final URI location;
        private final long offset;
        private final long length;

        ChunkWriter(URI location, long offset, long length) {
            this.location = location;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public String httpMethod() {
            return "PATCH";
        }

        @Override
        public URI uri(RegistryEndpoint endpoint) {
            return location;
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Content-Range", offset + "-" + (offset + length - 1));
        }

        @Override
        public RequestBody body() {
            return slice(offset, length);
        }

        @Override
        public boolean isTransfer() {
            return true;
        }

        @Override
        public URI handleResponse(RegistryResponse response) {
            return response.location().orElse(location);
        }

        @Override
        public String actionDescription() {
            return "upload bytes " + offset + "-" + (offset + length - 1) + " of blob " + blob.digest() + " to "
                    + image;
        }
    }

    /** PUT ?digest= — with the whole blob (monolithic) or empty after chunks. */
    private final class UploadCommitter implements RegistryEndpointProvider<Void> {
        private final URI location;
        private final boolean withBlob;

        UploadCommitter(URI location, boolean withBlob) {
            this.location = location;
            this.withBlob = withBlob;
        }

        @Override
        public String httpMethod() {
            return "PUT";
        }

        @Override
        public URI uri(RegistryEndpoint endpoint) {
            return withDigest(location, blob.digest().toString());
        }

        @Override
        public RequestBody body() {
            return withBlob ? slice(0, blob.size()) : null;
        }

        @Override
        public boolean isTransfer() {
            return withBlob;
        }

        @Override
        public Void handleResponse(RegistryResponse response) throws IOException {
            Optional<String> stored = response.header("Docker-Content-Digest");
            if (stored.isPresent() && !stored.get().equals(blob.digest().toString())) {
                throw new IOException("the registry stored digest " + stored.get());
            }
            return null;
        }

        @Override
        public String actionDescription() {
            return "commit blob for " + image + " with digest " + blob.digest();
        }
    }
}
