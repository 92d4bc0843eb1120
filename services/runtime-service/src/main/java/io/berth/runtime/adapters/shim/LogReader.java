package io.berth.runtime.adapters.shim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code <bundle>/log} from a byte offset, returning only complete frames and the offset after them,
 * so a reader (or a restarted runtime-service) continues exactly where it stopped.
 *
 * <p>Frame layout (mirrors {@code berth-shim.h}), big-endian: byte 0 stream (1 stdout, 2 stderr),
 * bytes 1-3 zero, bytes 4-7 data length, bytes 8-15 read time in ns since the epoch, then the data.
 * The monitor writes each frame with one {@code writev} and truncates a partial write away.
 */
public final class LogReader {
    static final int HEADER_BYTES = 16;
    private static final int MAX_FRAME_DATA = 16 << 20;

    private final Path file;
    private long offset;

    LogReader(Path file, long fromOffset) {
        if (fromOffset < 0) {
            throw new IllegalArgumentException("log offset must not be negative: " + fromOffset);
        }
        this.file = file;
        this.offset = fromOffset;
    }

    /** The offset just after the last frame returned; pass it to {@link Bundle#logs} to continue later. */
    public long offset() {
        return offset;
    }

    /**
     * Returns the complete frames written since {@link #offset()}, stopping once about {@code maxBytes} of
     * data have been read (at least one frame is returned when one is available), and advances the offset.
     */
    public List<LogFrame> read(int maxBytes) throws IOException {
        List<LogFrame> frames = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            long total = 0;
            while (total < maxBytes || frames.isEmpty()) {
                header.clear();
                if (!readFully(channel, header, offset)) {
                    break;
                }
                int length = header.getInt(4);
                if (length < 0 || length > MAX_FRAME_DATA || (header.get(0) != 1 && header.get(0) != 2)) {
                    throw new IOException("corrupt log frame at offset " + offset + " in " + file);
                }
                ByteBuffer data = ByteBuffer.allocate(length);
                if (!readFully(channel, data, offset + HEADER_BYTES)) {
                    break; /* cannot happen with the monitor's writes, but never return half a frame */
                }
                LogFrame.Stream stream = header.get(0) == 1 ? LogFrame.Stream.STDOUT : LogFrame.Stream.STDERR;
                frames.add(new LogFrame(stream, Shim.nanos(header.getLong(8)), data.array()));
                offset += HEADER_BYTES + length;
                total += length;
            }
        } catch (NoSuchFileException e) {
            return frames;
        }
        return frames;
    }

    /** Reads until the buffer is full; false when the file ends first. */
    private static boolean readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                return false;
            }
            at += n;
        }
        return true;
    }
}
