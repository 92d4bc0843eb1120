package io.berth.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Where a field goes when a wither adds it to a parsed object. Existing keys keep their place (so
 * an untouched document re-serialises byte for byte); a new key goes before the first known key
 * that follows it in the spec's order. The result depends only on the content, never on the order
 * the withers were called in.
 */
final class FieldOrder {
    private final List<String> order;

    FieldOrder(String... order) {
        this.order = List.of(order);
    }

    /** A copy of {@code source} with {@code key} set to {@code value}, or removed when value is null. */
    ObjectNode with(ObjectNode source, String key, JsonNode value) {
        ObjectNode copy = source.deepCopy();
        if (value == null) {
            copy.remove(key);
            return copy;
        }
        if (copy.has(key)) {
            copy.set(key, value); // replacing keeps the key's position
            return copy;
        }
        int rank = order.indexOf(key);
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        boolean placed = false;
        for (Map.Entry<String, JsonNode> field : copy.properties()) {
            if (!placed && rank >= 0 && order.indexOf(field.getKey()) > rank) {
                result.set(key, value);
                placed = true;
            }
            result.set(field.getKey(), field.getValue());
        }
        if (!placed) {
            result.set(key, value);
        }
        return result;
    }
}
