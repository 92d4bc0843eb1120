package io.berth.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.contracts.types.Digest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A JSON value together with where it sits ({@code manifest layers[2].digest}), so that every
 * parse error names the document and the field without each caller spelling it out. JSON null is
 * treated like an absent field, as Go's encoding/json (which wrote most of these documents) does.
 */
final class JsonCursor {
    private final String document;
    private final String path;
    private final JsonNode node; // null when absent

    JsonCursor(String document, String path, JsonNode node) {
        this.document = document;
        this.path = path;
        this.node = node;
    }

    static JsonCursor root(String document, JsonNode node) {
        return new JsonCursor(document, "", node);
    }

    boolean isAbsent() {
        return node == null || node.isNull();
    }

    JsonCursor field(String name) {
        JsonNode child = isAbsent() ? null : object().get(name);
        return new JsonCursor(document, path.isEmpty() ? name : path + "." + name, child);
    }

    ObjectNode object() {
        JsonNode value = require("an object");
        if (!value.isObject()) {
            throw mismatch("an object");
        }
        return (ObjectNode) value;
    }

    /** Elements of an optional array; empty when absent. */
    List<JsonCursor> elements() {
        if (isAbsent()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw mismatch("an array");
        }
        List<JsonCursor> elements = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            elements.add(new JsonCursor(document, path + "[" + i + "]", node.get(i)));
        }
        return elements;
    }

    List<JsonCursor> requiredElements() {
        require("an array");
        return elements();
    }

    String string() {
        JsonNode value = require("a string");
        if (!value.isTextual()) {
            throw mismatch("a string");
        }
        return value.textValue();
    }

    String optionalString() {
        return isAbsent() ? null : string();
    }

    Boolean optionalBoolean() {
        if (isAbsent()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw mismatch("true or false");
        }
        return node.booleanValue();
    }

    long nonNegativeLong() {
        JsonNode value = require("a non-negative integer");
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw mismatch("a non-negative integer");
        }
        return value.longValue();
    }

    Long optionalNonNegativeLong() {
        return isAbsent() ? null : nonNegativeLong();
    }

    int integer() {
        JsonNode value = require("an integer");
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw mismatch("an integer");
        }
        return value.intValue();
    }

    Digest digest() {
        String value = string();
        try {
            return Digest.parse(value);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** An optional array of strings; empty when absent. */
    List<String> strings() {
        List<String> values = new ArrayList<>();
        for (JsonCursor element : elements()) {
            values.add(element.string());
        }
        return Collections.unmodifiableList(values);
    }

    /** An optional object of string values, in document order; empty when absent. */
    Map<String, String> stringMap() {
        if (isAbsent()) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : keys()) {
            values.put(name, field(name).string());
        }
        return Collections.unmodifiableMap(values);
    }

    /** The keys of an optional object, in document order (e.g. ExposedPorts, whose values are {}). */
    Set<String> keys() {
        if (isAbsent()) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        object().fieldNames().forEachRemaining(names::add);
        return Collections.unmodifiableSet(names);
    }

    OciFormatException error(String problem) {
        return new OciFormatException(document + (path.isEmpty() ? "" : " " + path) + ": " + problem);
    }

    private JsonNode require(String expected) {
        if (isAbsent()) {
            throw error("required, expected " + expected);
        }
        return node;
    }

    private OciFormatException mismatch(String expected) {
        return error("expected " + expected + ", got " + describe(node));
    }

    private static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "the string \"" + abbreviate(value.textValue()) + "\"";
            case NUMBER -> "the number " + value.asText();
            case BOOLEAN -> value.asText();
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
