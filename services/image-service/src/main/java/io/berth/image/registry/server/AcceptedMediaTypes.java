package io.berth.image.registry.server;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The media types a manifest request's {@code Accept} headers allow. Clients send several headers (docker sends six),
 * each possibly a comma-separated list with parameters; parameters and q-values are ignored, as registries do.
 */
final class AcceptedMediaTypes {
    private final Set<String> types = new HashSet<>();
    private final boolean anything;

    AcceptedMediaTypes(List<String> acceptHeaders) {
        for (String header : acceptHeaders) {
            for (String part : header.split(",")) {
                int semicolon = part.indexOf(';');
                String type = (semicolon < 0 ? part : part.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
                if (!type.isEmpty()) {
                    types.add(type);
                }
            }
        }
        anything = types.isEmpty() || types.contains("*/*") || types.contains("application/*");
    }

    /** No Accept header, a wildcard, or the type itself. */
    boolean allows(String mediaType) {
        return anything || types.contains(mediaType);
    }
}
