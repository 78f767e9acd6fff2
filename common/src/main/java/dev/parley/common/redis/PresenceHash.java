package dev.parley.common.redis;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one reading and writing of a presence hash ({@link RedisKeys#presence(String)}): field = edge
 * node id, value = the epoch milliseconds until which that node vouches for the user, as a decimal
 * {@code long}. The Redis and the in-memory presence both go through here, so they cannot disagree.
 */
public final class PresenceHash {
    private PresenceHash() {
    }

    /** The value a node writes to vouch for a user until {@code untilMillis}. */
    public static String vouch(long untilMillis) {
        return Long.toString(untilMillis);
    }

    /**
     * The nodes whose vouch is still valid at {@code nowMillis}. A value that is not exactly what
     * {@link #vouch} writes (spaces included) is not a vouch anyone can honour, so counts as expired.
     */
    public static Set<String> liveNodes(Map<String, String> fields, long nowMillis) {
        Set<String> nodes = new TreeSet<>();
        fields.forEach((node, until) -> {
            if (until(until) > nowMillis) {
                nodes.add(node);
            }
        });
        return nodes;
    }

    private static long until(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
