package io.berth.image.registry.client;

import io.berth.contracts.types.Digest;

/** A manifest or index as the registry served it: the exact bytes (their digest is the identity), type and digest. */
public record PulledManifest(byte[] bytes, String mediaType, Digest digest) {
}
