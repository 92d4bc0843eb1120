package io.berth.image.oci;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Timestamps as the image spec wants them (RFC 3339), formatted like Go's RFC3339Nano. */
final class Rfc3339 {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private Rfc3339() {
    }

    static Instant parse(JsonCursor field) {
        String text = field.string();
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw field.error("invalid RFC 3339 timestamp \"" + text + "\"");
        }
    }

    /** UTC, with the fraction's trailing zeros dropped (Go's RFC3339Nano), e.g. 2024-05-01T12:00:00.5Z. */
    static String format(Instant instant) {
        String seconds = SECONDS.format(instant);
        if (instant.getNano() == 0) {
            return seconds + "Z";
        }
        String fraction = String.format("%09d", instant.getNano()).replaceFirst("0+$", "");
        return seconds + "." + fraction + "Z";
    }
}
