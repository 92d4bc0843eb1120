package io.berth.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a manifest body into an {@link ImageManifest} or an {@link ImageIndex}.
 *
 * <p>The kind comes from the declared media type (Content-Type of a push or pull) when there is
 * one, otherwise from the body's {@code mediaType} field, otherwise from its shape ({@code manifests}
 * means an index). When both are given they must agree: a body that claims to be something other
 * than what it was sent as is refused, so no two readers can see different documents.
 */
public final class ManifestParser {
    private static final String SCHEMA1_REFUSAL = "unsupported: schema1 manifests are deprecated; "
            + "push the image again with a current Docker or BuildKit to get a schema2 or OCI manifest";

    private ManifestParser() {
    }

    /**
     * @param declaredMediaType a Content-Type header or descriptor media type; null if unknown
     * @throws ManifestTooLargeException    above {@link CanonicalJson#MAX_MANIFEST_BYTES}
     * @throws UnsupportedManifestException schema1, or a media type that is not a manifest or index
     * @throws OciFormatException           malformed JSON or a field that breaks the spec
     */
    public static Manifest parse(byte[] bytes, String declaredMediaType) {
        CanonicalJson.checkManifestSize(bytes, "manifest");
        String declared = MediaTypes.essence(declaredMediaType);
        if (declared != null && MediaTypes.isSchema1(declared)) {
            throw new UnsupportedManifestException(SCHEMA1_REFUSAL);
        }
        JsonNode tree = CanonicalJson.readTree(bytes, "manifest");
        JsonCursor root = JsonCursor.root("manifest", tree);
        root.object();
        String bodyType = root.field("mediaType").optionalString();
        if (isSchema1(root) || (bodyType != null && MediaTypes.isSchema1(bodyType))) {
            throw new UnsupportedManifestException(SCHEMA1_REFUSAL);
        }
        if (declared != null && bodyType != null && !declared.equals(bodyType)) {
            throw root.field("mediaType").error("\"" + bodyType + "\" does not match the declared media type \"" + declared + "\"");
        }
        String kind = declared != null ? declared : bodyType != null ? bodyType : sniff(root);
        if (MediaTypes.isManifest(kind)) {
            return ManifestJsonReader.manifest(root);
        }
        if (MediaTypes.isIndex(kind)) {
            return ManifestJsonReader.index(JsonCursor.root("index", tree));
        }
        throw new UnsupportedManifestException("unsupported manifest media type \"" + kind + "\"; expected one of "
                + String.join(", ", MediaTypes.ACCEPTED_MANIFESTS));
    }

    private static boolean isSchema1(JsonCursor root) {
        JsonNode version = root.object().get("schemaVersion");
        return version != null && version.isIntegralNumber() && version.intValue() == 1;
    }

    /** OCI allows a manifest without mediaType; tell the two kinds apart by their required fields. */
    private static String sniff(JsonCursor root) {
        ObjectNode fields = root.object();
        if (fields.has("manifests")) {
            return MediaTypes.OCI_INDEX;
        }
        if (fields.has("config") || fields.has("layers")) {
            return MediaTypes.OCI_MANIFEST;
        }
        throw root.error("cannot tell the kind of document: no mediaType, and neither manifests nor config/layers");
    }
}
