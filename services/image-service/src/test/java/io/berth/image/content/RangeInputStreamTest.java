package io.berth.image.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RangeInputStreamTest {
    @Test
    void read_stopsAtTheLimit() throws IOException {
        RangeInputStream in = new RangeInputStream(new ByteArrayInputStream(new byte[] {1, 2, 3, 4}), 3);

        assertEquals(1, in.read());
        byte[] rest = new byte[10];
        assertEquals(2, in.read(rest, 0, 10));
        assertEquals(-1, in.read());
        assertEquals(-1, in.read(rest, 0, 10));
        assertEquals(0, in.read(rest, 0, 0));
    }

    @Test
    void skip_countsAgainstTheLimit() throws IOException {
        RangeInputStream in = new RangeInputStream(new ByteArrayInputStream(new byte[] {1, 2, 3, 4}), 3);

        assertEquals(3, in.skip(10));
        assertEquals(0, in.available());
        assertEquals(-1, in.read());
    }
}
