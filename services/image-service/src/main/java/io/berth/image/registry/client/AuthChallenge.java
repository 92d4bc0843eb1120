package io.berth.image.registry.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge from a {@code WWW-Authenticate} header (RFC 7235): a scheme and its parameters, e.g.
 * {@code Bearer realm="https://auth.example/token",service="registry.example",scope="repository:demo:pull"}.
 * Parameter names are lower-cased; values are unquoted with backslash escapes resolved.
 */
public record AuthChallenge(String scheme, Map<String, String> params) {

    public AuthChallenge {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public boolean isBearer() {
        return "bearer".equalsIgnoreCase(scheme);
    }

    public boolean isBasic() {
        return "basic".equalsIgnoreCase(scheme);
    }

    /** The parameter's value, or null. */
    public String param(String name) {
        return params.get(name.toLowerCase(Locale.ROOT));
    }

    /** All challenges in all header values, in order. Unparseable fragments are skipped, never thrown. */
    public static List<AuthChallenge> parseAll(List<String> headerValues) {
        List<AuthChallenge> all = new ArrayList<>();
        for (String value : headerValues) {
            all.addAll(parse(value));
        }
        return all;
    }

    /**
     * Parses one header value. Several challenges may share a value, separated by commas, which also separate
     * parameters; a token followed by '=' is a parameter, any other token starts a new challenge.
     */
    public static List<AuthChallenge> parse(String headerValue) {
        List<AuthChallenge> challenges = new ArrayList<>();
        if (headerValue == null) {
            return challenges;
        }
        Cursor in = new Cursor(headerValue);
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (in.skipSeparators()) {
            int before = in.pos;
            String token = in.token();
            if (token.isEmpty()) {
                in.pos = before + 1; // a stray character: skip it so the loop always advances
                continue;
            }
            in.skipSpaces();
            if (scheme != null && in.peek() == '=') {
                in.pos++;
                in.skipSpaces();
                params.put(token.toLowerCase(Locale.ROOT), in.peek() == '"' ? in.quoted() : in.token());
            } else {
                if (scheme != null) {
                    challenges.add(new AuthChallenge(scheme, params));
                }
                scheme = token;
                params = new LinkedHashMap<>();
            }
        }
        if (scheme != null) {
            challenges.add(new AuthChallenge(scheme, params));
        }
        return challenges;
    }

    private static final class Cursor {
        private final String s;
        private int pos;

        Cursor(String s) {
            this.s = s;
        }

        char peek() {
            return pos < s.length() ? s.charAt(pos) : 0;
        }

        /** Skips whitespace and commas; false at the end. */
        boolean skipSeparators() {
            while (pos < s.length() && (s.charAt(pos) == ',' || Character.isWhitespace(s.charAt(pos)))) {
                pos++;
            }
            return pos < s.length();
        }

        void skipSpaces() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        /** An RFC 7230 token, leniently also ':' and '/', so that an unquoted realm URL survives. */
        String token() {
            int start = pos;
            while (pos < s.length() && isTokenChar(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        /** A quoted-string starting at the opening quote; an unterminated one runs to the end. */
        String quoted() {
            StringBuilder value = new StringBuilder();
            pos++;
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && pos < s.length()) {
                    c = s.charAt(pos++);
                }
                value.append(c);
            }
            return value.toString();
        }

        private static boolean isTokenChar(char c) {
            return c > 32 && c < 127 && "\"(),;<=>?@[\\]{}".indexOf(c) < 0;
        }
    }
}
