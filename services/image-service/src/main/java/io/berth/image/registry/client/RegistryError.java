package io.berth.image.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a distribution-spec error body {@code {"errors":[{"code","message","detail"}]}}; {@code detail} is
 * kept as compact JSON text (it is an object in distribution, e.g. {@code {"Tag":"nosuchtag"}}), or null.
 */
public record RegistryError(String code, String message, String detail) {

    /**
     * Parses an error body leniently: a body that is not the spec's shape gives an empty list. Token servers answer
     * in their own shapes ({@code {"details":"..."}} on Docker Hub, OAuth's {@code error_description}); those become
     * one entry without a code.
     */
    public static List<RegistryError> parseBody(byte[] body) {
        List<RegistryError> errors = new ArrayList<>();
        if (body == null || body.length == 0) {
            return errors;
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return errors;
        }
        if (json == null || !json.isObject()) {
            return errors;
        }
        JsonNode list = json.get("errors");
        if (list != null && list.isArray()) {
            for (JsonNode e : list) {
                JsonNode detail = e.get("detail");
                errors.add(new RegistryError(text(e, "code"), text(e, "message"),
                        detail == null || detail.isNull() ? null : detail.isTextual() ? detail.asText() : detail.toString()));
            }
            return errors;
        }
        for (String field : List.of("details", "error_description", "message", "error")) {
            String value = text(json, field);
            if (value != null) {
                errors.add(new RegistryError(null, value, null));
                return errors;
            }
        }
        return errors;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }
}
