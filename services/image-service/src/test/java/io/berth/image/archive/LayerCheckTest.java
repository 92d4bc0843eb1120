package io.berth.image.archive;

import io.berth.tar.TarPolicy;
import io.berth.tar.TarRejectedException;
import io.berth.tar.TarBuilder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The one check a pulled or loaded layer passes before an image may use it. */
class LayerCheckTest {
    @Test
    void measuresAGzipLayerAsStoredAndUncompressed() throws IOException {
        byte[] tar = new TarBuilder().dir("etc").file("etc/motd", "hi\n").build();
        byte[] blob = TarBuilder.gzip(tar);
        LayerCheck check = LayerCheck.read(new ByteArrayInputStream(blob), TarPolicy.imageLayer(), "layer");
        assertEquals(Sha256.of(blob), check.blobDigest());
        assertEquals(Sha256.of(tar), check.diffId());
        assertEquals(tar.length, check.uncompressedSize());
    }

    @Test
    void refusesALayerWhoseMemberEscapesTheRoot() {
        byte[] blob = TarBuilder.gzip(new TarBuilder().file("../../etc/cron.d/x", "boom").build());
        var e = assertThrows(TarRejectedException.class,
                () -> LayerCheck.read(new ByteArrayInputStream(blob), TarPolicy.imageLayer(), "layer sha256:x"));
        assertTrue(e.getMessage().contains("../../etc/cron.d/x"), e.getMessage());
    }
}
