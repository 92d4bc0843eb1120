package io.berth.image.registry.client;

import io.berth.contracts.types.Digest;
import io.berth.contracts.types.ImageReference;

/** What dockerd reports at the end of a push: {@code <tag>: digest: <digest> size: <manifest bytes>}. */
public record PushResult(ImageReference target, Digest digest, long size) {
}
