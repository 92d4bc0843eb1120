package io.berth.image.oci;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Golden files under src/test/resources/io/berth/image/oci/: testfiles/&lt;case&gt;/ and testfiles-negative/&lt;case&gt;/. */
final class Testfiles {
    private Testfiles() {
    }

    static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String relative) {
        return new String(bytes(relative), UTF_8);
    }

    static Stream<String> cases(String directory) throws IOException {
        try (Stream<Path> entries = Files.list(path(directory))) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    private static Path path(String relative) {
        try {
            return Path.of(Testfiles.class.getResource(relative).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("no test file " + relative, e);
        }
    }
}
