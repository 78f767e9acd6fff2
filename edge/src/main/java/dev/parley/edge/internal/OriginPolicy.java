package dev.parley.edge.internal;

import java.util.List;
import java.util.Locale;

/**
 * The browser origins allowed to open a WebSocket. Entries are exact origins
 * ({@code https://chat.example.com}), an origin with a wildcard port ({@code http://localhost:*})
 * or {@code *} (any). A request without {@code Origin} is a non-browser client and is allowed:
 * the check only stops other web pages from using a browser's credentials.
 */
public final class OriginPolicy {
    private final List<String> allowed;

    public OriginPolicy(List<String> allowed) {
        this.allowed = allowed.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
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
}
