package io.berth.image.registry.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@code n} and {@code last} query parameters of tags/list and _catalog. Without {@code n} everything after
 * {@code last} is listed; {@code n} above {@link #MAX_PAGE} is served in pages of that size, with a {@code Link} to the
 * next one (the spec allows fewer than {@code n} results when a Link is given).
 */
record Pagination(int n, String last, boolean explicit) {
    static final int MAX_PAGE = 1000;

    static Pagination of(RegistryExchange ex) {
        String n = ex.query("n");
        String last = ex.query("last");
        if (last != null && last.isEmpty()) {
            last = null;
        }
        if (n == null || n.isEmpty()) {
            return new Pagination(Integer.MAX_VALUE, last, false);
        }
        int parsed;
        try {
            parsed = Integer.parseInt(n.trim());
        } catch (NumberFormatException e) {
            parsed = -1;
        }
        if (parsed < 0) {
            throw new RegistryException(RegistryError.PAGINATION_NUMBER_INVALID, "n must be a non-negative integer, not \"" + n + "\"",
                    Map.of("n", n));
        }
        return new Pagination(Math.min(parsed, MAX_PAGE), last, true);
    }

    /** This page with at most {@link #MAX_PAGE} entries when no {@code n} was asked. */
    Pagination bounded() {
        return explicit ? this : new Pagination(MAX_PAGE, last, false);
    }

    /** {@code Link: </v2/...?n=..&last=..>; rel="next"} for the page after {@code lastListed}. */
    String nextLink(String path, String lastListed) {
        return "<" + path + "?n=" + n + "&last=" + URLEncoder.encode(lastListed, StandardCharsets.UTF_8) + ">; rel=\"next\"";
    }
}
