package io.berth.image.registry.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns an unexpected registry response into the exception type the caller decides on, with the registry's words. */
final class ErrorResponses {
    private static final Set<String> NOT_FOUND_CODES = Set.of("MANIFEST_UNKNOWN", "NAME_UNKNOWN", "BLOB_UNKNOWN");
    private static final Set<String> UNAUTHORIZED_CODES = Set.of("UNAUTHORIZED", "DENIED");
    private static final int MAX_TEXT_IN_MESSAGE = 200;

    private ErrorResponses() {
    }

    static RegistryException toException(String action, RegistryResponse response) {
        List<RegistryError> errors = RegistryError.parseBody(response.body());
        int status = response.status();
        String message = RegistryException.describe(action, reason(response, errors));
        Set<String> codes = errors.stream().map(RegistryError::code).filter(c -> c != null).collect(Collectors.toSet());
        if (status == 401 || status == 403 || codes.stream().anyMatch(UNAUTHORIZED_CODES::contains)) {
            return new RegistryUnauthorizedException(message, status, errors);
        }
        if (status == 404 || codes.stream().anyMatch(NOT_FOUND_CODES::contains)) {
            return new RegistryNotFoundException(message, status, errors);
        }
        return new RegistryException(message, status, errors);
    }

    /** The registry's messages; for bodies without any (HEAD, proxies) the status and a short text excerpt. */
    static String reason(RegistryResponse response, List<RegistryError> errors) {
        String messages = errors.stream()
                .map(e -> e.message() != null ? e.message() : e.code())
                .filter(m -> m != null)
                .distinct()
                .collect(Collectors.joining("; "));
        if (!messages.isEmpty()) {
            return messages;
        }
        String text = new String(response.body(), StandardCharsets.UTF_8).strip();
        if (text.length() > MAX_TEXT_IN_MESSAGE) {
            text = text.substring(0, MAX_TEXT_IN_MESSAGE) + "…";
        }
        return "registry answered HTTP " + response.status() + (text.isEmpty() ? "" : ": " + text);
    }
}
