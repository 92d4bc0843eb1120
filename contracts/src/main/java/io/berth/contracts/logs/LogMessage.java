package io.berth.contracts.logs;

import io.berth.contracts.envelope.Message;
import io.berth.contracts.envelope.WireType;
import java.time.Instant;
import java.util.List;

/**
 * Container output on {@code berth.logs} (key = container id, envelope sequence 0: logs are not aggregate events).
 * A host publishes what its monitors captured in batches; {@code captureOffset} is the byte offset in the host's
 * capture file after the batch, so a consumer can drop a batch it already has after the host re-sends from its
 * last checkpoint.
 */
public sealed interface LogMessage extends Message {
    String containerId();

    @WireType(name = "log.batch", version = 1)
    record LogBatch(String containerId, String hostId, int run, long captureOffset, List<LogEntry> entries)
            implements LogMessage {
    }

    /** All output of one run was published; attached clients may close once they see it. */
    @WireType(name = "log.run-ended", version = 1)
    record RunEnded(String containerId, String hostId, int run, int exitCode) implements LogMessage {
    }

    /** The capture had to drop output (the disk was full or the container wrote faster than it could be stored). */
    @WireType(name = "log.dropped", version = 1)
    record OutputDropped(String containerId, String hostId, int run, long droppedBytes) implements LogMessage {
    }

    /** One write of the container: {@code stream} is {@code stdout} or {@code stderr}; {@code data} its raw bytes. */
    record LogEntry(String stream, Instant time, byte[] data) {
    }
}
