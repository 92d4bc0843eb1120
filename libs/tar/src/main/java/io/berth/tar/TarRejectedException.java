package io.berth.tar;

/**
 * One tar member broke a safety rule, e.g. {@code layer member 'etc/../../x': path escapes the root}.
 * {@link #member()} is the name exactly as the tar spelled it.
 */
public final class TarRejectedException extends InvalidArchiveException {
    private final String member;
    private final String reason;

    public TarRejectedException(String context, String member, String reason) {
        super(context + " member '" + printable(member) + "': " + reason);
        this.member = member;
        this.reason = reason;
    }

    public String member() {
        return member;
    }

    public String reason() {
        return reason;
    }

    /** Control characters (NUL above all) would garble logs and terminals, so they are shown escaped. */
    private static String printable(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
