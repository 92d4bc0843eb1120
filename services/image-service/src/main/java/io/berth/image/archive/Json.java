package io.berth.image.archive;

import io.berth.tar.InvalidArchiveException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.contracts.types.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** JSON reading with errors that name the file, and compact writing in the field order we build. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Manifests, indexes and configs are kilobytes; this only stops a hostile file from filling the heap. */
    static final int MAX_DOCUMENT_BYTES = 16 << 20;

    private Json() {
    }

    static JsonNode parse(byte[] data, String what) throws InvalidArchiveException {
        try {
            JsonNode node = MAPPER.readTree(data);
            if (node == null || node.isMissingNode()) {
                throw new InvalidArchiveException(what + " is empty");
            }
            return node;
        } catch (InvalidArchiveException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidArchiveException(what + " is not valid JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** A string field that must be present. */
    static String text(JsonNode node, String field, String what) throws InvalidArchiveException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidArchiveException(what + ": \"" + field + "\" must be a string");
        }
        return value.asText();
    }

    /** An array of strings; absent or null means empty, as Go's decoder treats it. */
    static List<String> texts(JsonNode node, String field, String what) throws InvalidArchiveException {
        JsonNode value = node.get(field);
        List<String> out = new ArrayList<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (!value.isArray()) {
            throw new InvalidArchiveException(what + ": \"" + field + "\" must be an array of strings");
        }
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new InvalidArchiveException(what + ": \"" + field + "\" must be an array of strings");
            }
            out.add(item.asText());
        }
        return out;
    }

    static Digest digest(String value, String what) throws InvalidArchiveException {
        try {
            return Digest.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidArchiveException(what + ": " + e.getMessage());
        }
    }
}
