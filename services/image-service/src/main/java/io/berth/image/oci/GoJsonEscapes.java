package io.berth.image.oci;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Escapes strings the way Go's encoding/json does, because Docker, containerd and BuildKit wrote
 * nearly every manifest and config in the wild with it: {@code <}, {@code >} and {@code &} become
 * {@code \u003c}, {@code \u003e} and {@code \u0026} ({@code "apt-get update \u0026\u0026 …"} in
 * history), and U+2028/U+2029 are escaped too. Writing the same bytes Go would means a
 * re-serialised document usually keeps its original digest. Lower-case hex is configured on the
 * factory ({@code WRITE_HEX_UPPER_CASE} off), as Go uses it.
 */
final class GoJsonEscapes extends CharacterEscapes {
    private static final SerializedString LINE_SEPARATOR = new SerializedString("\\u2028");
    private static final SerializedString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");
    private final int[] asciiEscapes;

    GoJsonEscapes() {
        asciiEscapes = standardAsciiEscapesForJSON();
        asciiEscapes['<'] = ESCAPE_STANDARD;
        asciiEscapes['>'] = ESCAPE_STANDARD;
        asciiEscapes['&'] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return asciiEscapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return switch (ch) {
            case 0x2028 -> LINE_SEPARATOR;
            case 0x2029 -> PARAGRAPH_SEPARATOR;
            default -> null;
        };
    }
}
