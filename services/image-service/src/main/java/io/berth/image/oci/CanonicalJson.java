package io.berth.image.oci;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.berth.contracts.types.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The one place manifests, indexes and image configs become bytes, and bytes become them.
 *
 * <p>Writing is deterministic, so the same object always has the same digest: UTF-8, no whitespace,
 * fields in the spec's order (configs keep the order they were parsed in), map keys sorted, strings
 * escaped as Go escapes them. A compact document written by Docker, containerd or BuildKit
 * therefore usually re-serialises to its original bytes. Still, a registry must store and serve
 * the bytes it received; re-serialising is for documents Berth creates.
 *
 * <p>Reading is strict where leniency would be dangerous: duplicate keys and data after the document
 * are rejected (two parsers could otherwise disagree about which layers an image has), and every
 * error names the document and field, e.g. {@code manifest layers[2].digest: invalid digest …}.
 */
public final class CanonicalJson {
    /** Manifests and indexes above this are refused, as registries commonly do (4 MiB). */
    public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder(new JsonFactoryBuilder()
                    .characterEscapes(new GoJsonEscapes())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS) // keep unknown numbers exactly as written
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private CanonicalJson() {
    }

    public static byte[] write(Manifest manifest) {
        if (manifest instanceof ImageManifest imageManifest) {
            return writeTree(ManifestJsonWriter.manifest(imageManifest));
        }
        return writeTree(ManifestJsonWriter.index((ImageIndex) manifest));
    }

    public static byte[] write(ImageConfig config) {
        return writeTree(config.tree());
    }

    public static byte[] write(Descriptor descriptor) {
        return writeTree(ManifestJsonWriter.descriptor(descriptor));
    }

    /** The sha256 of {@code bytes}: the digest a document written by this class is addressed by. */
    public static Digest digest(byte[] bytes) {
        try {
            return Digest.sha256(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /** Parses an image manifest. Use {@link ManifestParser} when the body could also be an index. */
    public static ImageManifest readImageManifest(byte[] bytes) {
        checkManifestSize(bytes, "manifest");
        return ManifestJsonReader.manifest(JsonCursor.root("manifest", readTree(bytes, "manifest")));
    }

    public static ImageIndex readImageIndex(byte[] bytes) {
        checkManifestSize(bytes, "index");
        return ManifestJsonReader.index(JsonCursor.root("index", readTree(bytes, "index")));
    }

    public static ImageConfig readImageConfig(byte[] bytes) {
        return ImageConfig.fromTree(JsonCursor.root(ImageConfig.DOCUMENT, readTree(bytes, ImageConfig.DOCUMENT)));
    }

    static void checkManifestSize(byte[] bytes, String document) {
        if (bytes.length > MAX_MANIFEST_BYTES) {
            throw new ManifestTooLargeException(document, bytes.length);
        }
    }

    static JsonNode readTree(byte[] bytes, String document) {
        try (JsonParser parser = MAPPER.createParser(bytes)) {
            JsonNode tree = MAPPER.readTree(parser);
            if (tree == null || tree.isMissingNode()) {
                throw new OciFormatException(document + ": empty document");
            }
            if (parser.nextToken() != null) {
                throw new OciFormatException(document + ": unexpected data after the JSON document" + at(parser.currentTokenLocation()));
            }
            return tree;
        } catch (JacksonException e) {
            throw new OciFormatException(document + ": malformed JSON" + at(e.getLocation()) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a byte array does no I/O
        }
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    static byte[] writeTree(JsonNode tree) {
        try {
            return MAPPER.writeValueAsBytes(tree);
        } catch (JacksonException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
