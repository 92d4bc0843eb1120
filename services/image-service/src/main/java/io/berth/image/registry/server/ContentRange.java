package io.berth.image.registry.server;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Content-Range} of an upload chunk: {@code <first>-<last>}, inclusive (the spec's {@code ^[0-9]+-[0-9]+$};
 * a leading {@code bytes } as in HTTP is tolerated). A chunk must start where the upload ends.
 */
record ContentRange(long first, long last) {
    private static final Pattern RANGE = Pattern.compile("(?:bytes )?(\\d+)-(\\d+)");

    /** The range, or null when the header is absent. */
    static ContentRange parse(String header) {
        if (header == null) {
            return null;
        }
        Matcher m = RANGE.matcher(header.trim());
        try {
            if (m.matches() && Long.parseLong(m.group(2)) >= Long.parseLong(m.group(1))) {
                return new ContentRange(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
            }
        } catch (NumberFormatException tooLong) {
            // falls through to the refusal
        }
        throw new RegistryException(RegistryError.BLOB_UPLOAD_OUT_OF_ORDER, "invalid Content-Range \"" + header
                + "\": expected <first>-<last>, inclusive", Map.of("Content-Range", header));
    }

    long length() {
        return last - first + 1;
    }
}
