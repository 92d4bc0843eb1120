package io.berth.gateway.api.docker;

import java.nio.ByteBuffer;

/**
 * Docker's stream multiplexing for containers without a TTY ({@code pkg/stdcopy}): each write becomes an 8-byte
 * header, {@code [stream, 0, 0, 0, size as big-endian uint32]}, then the bytes. Stream 1 is stdout, 2 stderr.
 */
public final class Stdcopy {
    public static final byte STDOUT = 1;
    public static final byte STDERR = 2;

    private Stdcopy() {
    }

    public static byte[] frame(byte stream, byte[] data) {
        return ByteBuffer.allocate(8 + data.length).put(stream).put((byte) 0).put((byte) 0).put((byte) 0)
                .putInt(data.length).put(data).array();
    }

    /** The stream byte for a log entry's stream name. */
    public static byte streamOf(String name) {
        return "stderr".equals(name) ? STDERR : STDOUT;
    }
}
