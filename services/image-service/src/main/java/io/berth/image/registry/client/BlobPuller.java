package io.berth.image.registry.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

/**
 * {@code GET /v2/<name>/blobs/<digest>} (redirects to storage are followed by the sender) streamed into the
 * caller's sink through a {@link VerifyingIngest}: the blob is committed only with the expected size and digest,
 * and aborted on any failure, so the sink never keeps bad content.
 */
final class BlobPuller implements RegistryEndpointProvider<Long> {
    private final String registry;
    private final String repository;
    private final BlobRef blob;
    private final BlobSink sink;
    private final ProgressListener listener;
    private final String progressId;
    private final ProgressThrottle progress;
    private volatile VerifyingIngest ingest;

    BlobPuller(String registry, String repository, BlobRef blob, BlobSink sink, ProgressListener listener,
            LongSupplier nanoClock) {
        this.registry = registry;
        this.repository = repository;
        this.blob = blob;
        this.sink = sink;
        this.listener = listener;
        this.progressId = blob.digest().shortHex();
        this.progress = new ProgressThrottle(listener, progressId, ProgressEvent.DOWNLOADING, blob.size(), nanoClock);
    }

    /** Downloads, verifies and commits the blob; afterwards no ingest is left open, whatever happened. */
    long pull(RegistrySession session) throws RegistryException {
        try {
            return session.call(this);
        } finally {
            VerifyingIngest last = ingest;
            if (last != null) {
                last.abort(); // no-op once committed
            }
        }
    }

    @Override
    public String httpMethod() {
        return "GET";
    }

    @Override
    public URI uri(RegistryEndpoint endpoint) {
        return endpoint.resolve("/v2/" + repository + "/blobs/" + blob.digest());
    }

    @Override
    public boolean isTransfer() {
        return true;
    }

    @Override
    public boolean handles(int status) {
        return status == 200;
    }

    @Override
    public BodyReceiver bodyReceiver(HttpResponse.ResponseInfo info) {
        long announced = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (announced >= 0 && announced != blob.size()) {
            return BodyReceiver.rejecting(new IOException("the registry sends " + announced
                    + " bytes, the manifest says " + blob.size()));
        }
        VerifyingIngest started;
        try {
            started = new VerifyingIngest(blob.digest(), blob.size(), sink.begin(blob.digest(), blob.size()));
        } catch (IOException e) {
            return BodyReceiver.rejecting(e);
        }
        VerifyingIngest previous = ingest;
        if (previous != null) {
            previous.abort(); // an earlier attempt of this request
        }
        ingest = started;
        return BodyReceiver.streaming(chunk -> {
            write(started, chunk);
            progress.update(started.received());
        });
    }

    private static void write(BlobSink.Ingest target, ByteBuffer chunk) throws IOException {
        if (chunk.hasArray()) {
            target.write(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
            chunk.position(chunk.limit());
        } else {
            byte[] copy = new byte[chunk.remaining()];
            chunk.get(copy);
            target.write(copy, 0, copy.length);
        }
    }

    @Override
    public Long handleResponse(RegistryResponse response) throws IOException {
        VerifyingIngest done = ingest;
        progress.finish(done.received());
        listener.onProgress(ProgressEvent.status(progressId, ProgressEvent.VERIFYING_CHECKSUM));
        done.commit();
        listener.onProgress(ProgressEvent.status(progressId, ProgressEvent.DOWNLOAD_COMPLETE));
        return blob.size();
    }

    @Override
    public String actionDescription() {
        return "pull blob " + blob.digest() + " from " + registry + "/" + repository;
    }
}
