package io.berth.image.content;

import io.berth.contracts.types.Digest;

/** What the store knows about a committed blob: its digest and its size in bytes. */
public record BlobInfo(Digest digest, long size) {
}
