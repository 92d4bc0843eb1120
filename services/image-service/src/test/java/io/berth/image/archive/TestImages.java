package io.berth.image.archive;

import io.berth.tar.TarBuilder;
import io.berth.contracts.types.Digest;
import io.berth.contracts.types.ImageReference;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Images and layers for archive tests, built in memory. */
final class TestImages {
    static final byte[] BASE_LAYER = new TarBuilder()
            .dir("bin/")
            .file("bin/busybox", "not really busybox")
            .symlink("bin/sh", "busybox")
            .build();
    static final byte[] APP_LAYER = new TarBuilder()
            .dir("app/")
            .file("app/run.sh", "#!/bin/sh\necho hi\n")
            .build();

    private TestImages() {
    }

    static ArchiveLayer layer(byte[] tar) {
        return new ArchiveLayer(Sha256.of(tar), tar.length, () -> new ByteArrayInputStream(tar));
    }

    static byte[] config(String cmd, byte[]... layers) {
        String diffIds = Arrays.stream(layers).map(l -> "\"" + Sha256.of(l) + "\"").collect(Collectors.joining(","));
        return ("{\"architecture\":\"amd64\",\"config\":{\"Cmd\":[\"" + cmd + "\"]},\"created\":\"2024-01-01T00:00:00Z\","
                + "\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static ArchiveImage image(String cmd, List<String> tags, byte[]... layers) {
        return ArchiveImage.of(config(cmd, layers),
                tags.stream().map(ImageReference::parse).toList(),
                Arrays.stream(layers).map(TestImages::layer).toList());
    }

    static byte[] read(ArchiveLayer layer) throws IOException {
        try (InputStream in = layer.tar().open()) {
            return in.readAllBytes();
        }
    }

    static List<Digest> diffIds(ArchiveImage image) {
        return image.layers().stream().map(ArchiveLayer::diffId).toList();
    }
}
