package dev.parley.common.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The browser origins allowed to call a service from a page: the edge's WebSocket
 * ({@code edge.allowed-origins}) and auth's REST API ({@code auth.allowed-origins}). Entries are
 * exact origins ({@code https://chat.example.com}), an origin with a wildcard port
 * ({@code http://localhost:*}) or {@code *} (any). A request without {@code Origin} is a
 * non-browser client and is allowed: the check only stops other web pages from using a browser.
 */
public final class OriginPolicy {
    /** The default of both keys: pages served from this machine, any port. */
    public static final String LOCAL = "http://localhost:*,http://127.0.0.1:*";
    /**
     * What {@link #parse} accepts besides {@code *}: scheme, host (or bracketed IPv6 literal) and an
     * optional port or {@code *}. Anything else (a path, a trailing slash, a wildcard host) could
     * never equal a browser's {@code Origin} and would refuse every page without saying why.
     */
    private static final Pattern PATTERN = Pattern.compile(
            "[a-z][a-z0-9+.-]*://(\\[[0-9a-f:.]+]|[a-z0-9._~-]+)(:([0-9]{1,5}|\\*))?");

    private final List<String> allowed;

    public OriginPolicy(List<String> allowed) {
        this.allowed = allowed.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * A comma-separated list of patterns (blank entries ignored).
     *
     * @throws IllegalArgumentException naming every entry that is not a pattern
     */
    public static OriginPolicy parse(String commaSeparated) {
        List<String> patterns = Arrays.stream(commaSeparated.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        List<String> bad = new ArrayList<>();
        for (String p : patterns) {
            if (!p.equals("*") && !PATTERN.matcher(p.toLowerCase(Locale.ROOT)).matches()) {
                bad.add("'" + p + "'");
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", bad) + " not an origin pattern"
                    + " (scheme://host, scheme://host:port, scheme://host:* or *)");
        }
        return new OriginPolicy(patterns);
    }

    public boolean allows(String origin) {
        if (origin == null) {
            return true;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        for (String pattern : allowed) {
            if (pattern.equals("*") || pattern.equals(o)) {
                return true;
            }
            if (pattern.endsWith(":*")) {
                String prefix = pattern.substring(0, pattern.length() - 1);
                if (o.startsWith(prefix) && o.length() > prefix.length()
                        && o.substring(prefix.length()).chars().allMatch(Character::isDigit)) {
                    return true;
                }
                if (o.equals(prefix.substring(0, prefix.length() - 1))) {
                    return true; // default port
                }
            }
        }
        return false;
    }

    /** The scheme, host and port of a URL, which is what a browser calls an origin. */
    public static String origin(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority();
    }

    /** The patterns, lower-cased, in their order. */
    public List<String> patterns() {
        return allowed;
    }

    @Override
    public String toString() {
        return String.join(",", allowed);
    }
}
