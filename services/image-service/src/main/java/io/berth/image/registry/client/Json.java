package io.berth.image.registry.client;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The package's one Jackson mapper; only trees are read, so no configuration is needed. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
