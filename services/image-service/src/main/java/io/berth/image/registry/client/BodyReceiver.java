package io.berth.image.registry.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Receives one response body, pushed by the HTTP client: buffered up to a limit, or streamed to a consumer. Being
 * push-based means the caller's deadline covers the whole body, not just the headers, and a consumer that fails
 * (digest too long, disk full) cancels the transfer at once.
 */
final class BodyReceiver implements HttpResponse.BodySubscriber<byte[]> {
    private static final byte[] EMPTY = new byte[0];

    /** Where streamed bytes go; called on HTTP client threads, one chunk at a time. */
    @FunctionalInterface
    interface Consumer {
        void accept(ByteBuffer chunk) throws IOException;
    }

    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final Consumer consumer;
    private final ByteArrayOutputStream buffer;
    private final long limit;
    private final boolean failWhenLarger;
    private Flow.Subscription subscription;

    private BodyReceiver(Consumer consumer, long limit, boolean failWhenLarger) {
        this.consumer = consumer;
        this.buffer = consumer == null ? new ByteArrayOutputStream() : null;
        this.limit = limit;
        this.failWhenLarger = failWhenLarger;
    }

    /** Buffers at most {@code limit} bytes; more fails the exchange. */
    static BodyReceiver buffering(long limit) {
        return new BodyReceiver(null, limit, true);
    }

    /** Buffers the first {@code limit} bytes and drops the rest (error bodies only need their start). */
    static BodyReceiver truncating(long limit) {
        return new BodyReceiver(null, limit, false);
    }

    static BodyReceiver streaming(Consumer consumer) {
        return new BodyReceiver(consumer, Long.MAX_VALUE, true);
    }

    /** Fails the exchange without reading the body, e.g. when Content-Length already exceeds a limit. */
    static BodyReceiver rejecting(IOException reason) {
        BodyReceiver receiver = new BodyReceiver(null, 0, true);
        receiver.result.completeExceptionally(reason);
        return receiver;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (result.isDone()) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> chunks) {
        if (result.isDone()) {
            return;
        }
        try {
            for (ByteBuffer chunk : chunks) {
                take(chunk);
            }
        } catch (IOException | RuntimeException e) {
            subscription.cancel();
            result.completeExceptionally(e);
            return;
        }
        subscription.request(1);
    }

    private void take(ByteBuffer chunk) throws IOException {
        if (consumer != null) {
            consumer.accept(chunk);
            return;
        }
        int room = (int) Math.min(Integer.MAX_VALUE, limit - buffer.size());
        if (chunk.remaining() > room && failWhenLarger) {
            throw new IOException("response body is larger than " + limit + " bytes");
        }
        int n = Math.min(room, chunk.remaining());
        byte[] bytes = new byte[n];
        chunk.get(bytes);
        buffer.write(bytes, 0, n);
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(buffer == null ? EMPTY : buffer.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }
}
