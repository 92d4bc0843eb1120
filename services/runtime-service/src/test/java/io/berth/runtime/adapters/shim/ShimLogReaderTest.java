package io.berth.runtime.adapters.shim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShimLogReaderTest {
    @TempDir
    Path bundle;

    private static byte[] frame(int stream, long nanos, String data) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        ByteBuffer header = ByteBuffer.allocate(16).put(0, (byte) stream).putInt(4, bytes.length).putLong(8, nanos);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    @Test
    void returnsCompleteFramesOnlyAndContinuesFromTheOffset() throws Exception {
        Path log = bundle.resolve("log");
        byte[] second = frame(2, 2_500_000_001L, "err\n");
        Files.write(log, frame(1, 1_000_000_000L, "out\n"));
        Files.write(log, java.util.Arrays.copyOf(second, 10), StandardOpenOption.APPEND); // half a header

        LogReader reader = new Bundle(bundle).logs(0);
        List<LogFrame> frames = reader.read(Integer.MAX_VALUE);
        assertEquals(1, frames.size());
        assertEquals(LogFrame.Stream.STDOUT, frames.get(0).stream());
        assertEquals(Instant.ofEpochSecond(1), frames.get(0).time());
        assertArrayEquals("out\n".getBytes(StandardCharsets.UTF_8), frames.get(0).data());
        assertEquals(20, reader.offset());
        assertEquals(List.of(), reader.read(Integer.MAX_VALUE), "the partial frame stays unread");

        Files.write(log, java.util.Arrays.copyOfRange(second, 10, second.length), StandardOpenOption.APPEND);
        LogReader restarted = new Bundle(bundle).logs(reader.offset());
        List<LogFrame> rest = restarted.read(Integer.MAX_VALUE);
        assertEquals(1, rest.size());
        assertEquals(LogFrame.Stream.STDERR, rest.get(0).stream());
        assertEquals(Instant.ofEpochSecond(2, 500_000_001), rest.get(0).time());
        assertEquals(40, restarted.offset());
    }

    @Test
    void stopsNearTheByteBudgetButReturnsAtLeastOneFrame() throws Exception {
        Path log = bundle.resolve("log");
        Files.write(log, frame(1, 1, "0123456789"));
        Files.write(log, frame(1, 2, "abcdefghij"), StandardOpenOption.APPEND);

        LogReader reader = new Bundle(bundle).logs(0);
        assertEquals(1, reader.read(1).size());
        assertEquals(1, reader.read(1).size());
        assertEquals(52, reader.offset());
    }

    @Test
    void noLogYetMeansNoFrames() throws Exception {
        assertEquals(List.of(), new Bundle(bundle).logs(0).read(100));
    }
}
