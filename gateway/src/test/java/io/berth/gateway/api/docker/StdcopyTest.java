package io.berth.gateway.api.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The frames of 09-run-foreground-attach.txt, byte for byte. */
class StdcopyTest {
    @Test
    void stdoutFrameAsDockerdWritesIt() {
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 3, 'h', 'i', '\n'}, Stdcopy.frame(Stdcopy.STDOUT, "hi\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void stderrFrameAndStreamNames() {
        assertArrayEquals(new byte[] {2, 0, 0, 0, 0, 0, 0, 4, 'e', 'r', 'r', '\n'}, Stdcopy.frame(Stdcopy.streamOf("stderr"), "err\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Stdcopy.STDOUT, Stdcopy.streamOf("stdout"));
    }

    @Test
    void sizeIsBigEndian() {
        byte[] frame = Stdcopy.frame(Stdcopy.STDOUT, new byte[0x010203]);
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 1, 2, 3}, java.util.Arrays.copyOf(frame, 8));
        assertEquals(8 + 0x010203, frame.length);
    }
}
