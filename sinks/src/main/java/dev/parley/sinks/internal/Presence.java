package dev.parley.sinks.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** How a presence hash is read: field = edge node id, value = epoch ms until which that node vouches for the user. */
public final class Presence {
    private Presence() {
    }

    /** The nodes whose vouch is still valid at {@code nowMillis}; unreadable values count as expired. */
    public static Set<String> liveNodes(Map<String, String> fields, long nowMillis) {
        Set<String> nodes = new TreeSet<>();
        fields.forEach((node, until) -> {
            try {
                if (Long.parseLong(until.trim()) > nowMillis) {
                    nodes.add(node);
                }
            } catch (NumberFormatException e) {
                // An edge wrote something else: not a vouch we can honour.
            }
        });
        return nodes;
    }
}
