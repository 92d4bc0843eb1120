package io.berth.image.archive;

import io.berth.tar.TarPolicy;
import io.berth.tar.TarRejectedException;
import io.berth.tar.TarBuilder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.contracts.types.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class LayerBlobTest {
    private static final byte[] TAR = new TarBuilder()
            .dir("etc/")
            .file("etc/hostname", "berth\n")
            .file("etc/random", randomBytes(200_000))
            .symlink("etc/mtab", "/proc/mounts")
            .build();

    @Test
    void digestsDescribeTheInputAndTheBlob() throws IOException {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();

        LayerDigests digests = LayerBlob.write(new ByteArrayInputStream(TAR), TarPolicy.imageLayer(), blob);

        assertEquals(Sha256.of(TAR), digests.diffId());
        assertEquals(TAR.length, digests.uncompressedSize());
        assertEquals(Sha256.of(blob.toByteArray()), digests.compressedDigest());
        assertEquals(blob.size(), digests.compressedSize());
        assertArrayEquals(TAR, new GZIPInputStream(new ByteArrayInputStream(blob.toByteArray())).readAllBytes());
    }

    @Test
    void gzipHeaderHasNoTimestampNoNameAndAnUnknownOs() throws IOException {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        LayerBlob.write(new ByteArrayInputStream(TAR), TarPolicy.imageLayer(), blob);

        byte[] header = Arrays.copyOf(blob.toByteArray(), 10);
        // magic, deflate, no flags (so no name or comment), mtime 0, xfl 0, OS 255
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff}, header);
    }

    @Test
    void sameTarGivesTheSameBlobHoweverTheInputArrives() throws IOException {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        ByteArrayOutputStream dribbled = new ByteArrayOutputStream();

        LayerDigests a = LayerBlob.write(new ByteArrayInputStream(TAR), TarPolicy.imageLayer(), whole);
        LayerDigests b = LayerBlob.write(new Dribble(TAR, 7), TarPolicy.imageLayer(), dribbled);

        assertEquals(a, b);
        assertArrayEquals(whole.toByteArray(), dribbled.toByteArray());
    }

    @Test
    void bytesAfterTheEndMarkerArePartOfTheDiffId() throws IOException {
        byte[] padded = Arrays.copyOf(TAR, TAR.length + 10240);
        LayerDigests digests = LayerBlob.write(new ByteArrayInputStream(padded), TarPolicy.imageLayer(),
                new ByteArrayOutputStream());
        assertEquals(Sha256.of(padded), digests.diffId());
        assertEquals(padded.length, digests.uncompressedSize());
    }

    @Test
    void anUnsafeMemberStopsTheLayer() {
        byte[] evil = new TarBuilder().file("ok", "x").symlink("evil", "../../../etc").build();
        TarRejectedException e = assertThrows(TarRejectedException.class, () ->
                LayerBlob.write(new ByteArrayInputStream(evil), TarPolicy.imageLayer(), new ByteArrayOutputStream()));
        assertEquals("layer member 'evil': symlink target '../../../etc' escapes the root", e.getMessage());
    }

    @Test
    void layerRefCarriesBothDigests() throws IOException {
        LayerDigests d = LayerBlob.write(new ByteArrayInputStream(TAR), TarPolicy.imageLayer(), new ByteArrayOutputStream());
        var ref = d.toLayerRef("application/vnd.oci.image.layer.v1.tar+gzip");
        assertEquals(d.compressedDigest(), ref.digest());
        assertEquals(d.diffId(), ref.diffId());
        assertEquals(Digest.class, ref.diffId().getClass());
    }

    static byte[] randomBytes(int n) {
        byte[] data = new byte[n];
        new Random(42).nextBytes(data);
        // half random, half compressible, so deflate has real work in both modes
        Arrays.fill(data, n / 2, n, (byte) 'a');
        return data;
    }

    /** Serves its data a few bytes at a time, as a slow socket would. */
    static final class Dribble extends InputStream {
        private final byte[] data;
        private final int chunk;
        private int pos;

        Dribble(byte[] data, int chunk) {
            this.data = data;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
