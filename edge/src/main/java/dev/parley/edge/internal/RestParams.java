package dev.parley.edge.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses the edge's REST path and query parameters, strictly: a parameter given twice, a number
 * with a sign, spaces or more than 18 digits, or an id that fails {@link Ids} is refused with
 * {@link ApiErrors.BadRequest} (400 {@code invalid_request}). Pure functions, fuzzed by
 * {@code RestParamsFuzzTest}.
 */
final class RestParams {
    /** {@code GET /v1/presence}: at most this many user ids per call. */
    static final int MAX_PRESENCE_USERS = 200;
    private static final int MAX_DIGITS = 18; // always fits a long

    private RestParams() {
    }

    /** A conversation or user id from the path. */
    static String id(String name, String value) {
        String problem = Ids.problem(value);
        if (problem != null) {
            throw new ApiErrors.BadRequest(name + " " + problem);
        }
        return value;
    }

    /**
     * An optional whole number ({@code after}, {@code before}, {@code limit}).
     *
     * @param values every value the query holds for the parameter
     * @return null when absent
     */
    static Long number(String name, List<String> values, long min, long max) {
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new ApiErrors.BadRequest(name + " must be given once");
        }
        String v = values.getFirst();
        if (v.isEmpty() || v.length() > MAX_DIGITS || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ApiErrors.BadRequest(name + " must be a whole number from " + min + " to " + max);
        }
        long n = Long.parseLong(v);
        if (n < min || n > max) {
            throw new ApiErrors.BadRequest(name + " must be a whole number from " + min + " to " + max);
        }
        return n;
    }

    /** {@code userIds=a,b,c}: 1 to {@link #MAX_PRESENCE_USERS} valid ids, duplicates removed, order kept. */
    static List<String> userIds(List<String> values) {
        if (values.size() != 1) {
            throw new ApiErrors.BadRequest("userIds must be given once");
        }
        String csv = values.getFirst();
        Set<String> ids = new LinkedHashSet<>();
        int start = 0;
        while (start <= csv.length()) {
            int comma = csv.indexOf(',', start);
            int end = comma < 0 ? csv.length() : comma;
            String id = csv.substring(start, end).strip();
            if (!id.isEmpty()) {
                id("userIds: an id", id);
                ids.add(id);
                if (ids.size() > MAX_PRESENCE_USERS) {
                    break;
                }
            }
            start = end + 1;
        }
        if (ids.isEmpty() || ids.size() > MAX_PRESENCE_USERS) {
            throw new ApiErrors.BadRequest("userIds must list 1 to " + MAX_PRESENCE_USERS + " user ids");
        }
        return new ArrayList<>(ids);
    }
}
