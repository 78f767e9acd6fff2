package dev.parley.testkit.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hostile inputs for fuzzing what parses: strings with unpaired surrogates, NULs, controls,
 * bidi marks and huge lengths; JSON that is nearly right (wrong types, duplicate keys, trailing
 * data, deep nesting, huge numbers); and byte-level mutations of a seed corpus of valid inputs.
 * Deterministic for a given {@link SplittableRandom}, so a failing input can be reproduced from the
 * campaign's seed and index.
 */
public final class Hostile {
    private static final String[] ATOMS = {
        "\ud800", "\udfff", "\ud83d", "\ude00", "\ud83d\ude00", "\u0000", "\u0001", "\u001f", "\u007f",
        "\u202e", "\u200b", "\ufeff", "\ufffd", "\uffff", "\\", "\"", "'", "<script>", "%00", "%ZZ", "%",
        "/../", "\n", "\r\n", "\t", " ", "a", "é", "e\u0301", "\u4e2d", "\uD800\uDC00", "{", "}", "[", "]",
        ",", ":", "null", "true", "-0", "1e999", "9223372036854775808", "-1", "0x10", "NaN",
    };
    private static final String[] KEYS = {"type", "clientMsgId", "conversationId", "body", "seq", "userId",
        "userIds", "members", "kind", "title", "username", "password", "refreshToken", "after", "before", "limit"};
    private static final String[] TYPES = {"send", "read", "typing", "ping", "pong", "ack", "", "SEND", "send\u0000"};

    private Hostile() {
    }

    /** A short hostile string built from dangerous atoms and random code units. */
    public static String string(SplittableRandom r) {
        int parts = r.nextInt(0, 8);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            switch (r.nextInt(4)) {
                case 0 -> sb.append((char) r.nextInt(0, 0x10000));
                case 1 -> sb.appendCodePoint(r.nextInt(0, 0x110000));
                default -> sb.append(ATOMS[r.nextInt(ATOMS.length)]);
            }
        }
        if (r.nextInt(50) == 0) {
            sb.append("x".repeat(r.nextInt(60, 5000)));
        }
        return sb.toString();
    }

    /** {@code s} as a JSON string literal, with surrogates escaped so that lone ones survive. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** A JSON value of any type, mostly hostile. */
    public static String value(SplittableRandom r, int depth) {
        return switch (r.nextInt(depth > 3 ? 5 : 8)) {
            case 0 -> quote(string(r));
            case 1 -> String.valueOf(r.nextLong());
            case 2 -> r.nextBoolean() ? "true" : "null";
            case 3 -> r.nextBoolean() ? "1.5e308" : "-0.0";
            case 4 -> quote(ATOMS[r.nextInt(ATOMS.length)]);
            case 5 -> "[" + value(r, depth + 1) + "," + value(r, depth + 1) + "]";
            case 6 -> object(r, depth + 1);
            default -> "[".repeat(depth * 40) + "]".repeat(r.nextInt(depth * 40 + 1));
        };
    }

    /** A JSON object with the contract's field names, hostile values, sometimes duplicated or trailed. */
    public static String object(SplittableRandom r, int depth) {
        StringBuilder sb = new StringBuilder("{");
        int fields = r.nextInt(0, 6);
        if (depth == 0 && r.nextInt(3) > 0) {
            sb.append("\"type\":").append(quote(TYPES[r.nextInt(TYPES.length)]));
            if (fields > 0) {
                sb.append(',');
            }
        }
        for (int i = 0; i < fields; i++) {
            String key = r.nextInt(6) == 0 ? string(r) : KEYS[r.nextInt(KEYS.length)];
            sb.append(quote(key)).append(':').append(r.nextInt(3) == 0 ? quote("ok-" + i) : value(r, depth + 1));
            if (i + 1 < fields) {
                sb.append(',');
            }
        }
        sb.append('}');
        if (depth == 0 && r.nextInt(10) == 0) {
            sb.append(r.nextBoolean() ? " xyz" : "{\"type\":\"ping\"}");
        }
        return sb.toString();
    }

    /** A document: mostly structured hostile JSON, sometimes a mutation of one of {@code seeds}. */
    public static String document(SplittableRandom r, List<String> seeds) {
        if (!seeds.isEmpty() && r.nextInt(3) == 0) {
            String seed = seeds.get(r.nextInt(seeds.size()));
            return new String(mutate(r, seed.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        }
        return object(r, 0);
    }

    /** Raw bytes: a document as UTF-8, or a byte-level mutation of it (invalid UTF-8 included). */
    public static byte[] bytes(SplittableRandom r, List<String> seeds) {
        byte[] doc = document(r, seeds).getBytes(StandardCharsets.UTF_8);
        return r.nextBoolean() ? doc : mutate(r, doc);
    }

    /** Flips, inserts, deletes or duplicates a few bytes. */
    public static byte[] mutate(SplittableRandom r, byte[] in) {
        byte[] out = in.clone();
        int edits = r.nextInt(1, 4);
        for (int e = 0; e < edits; e++) {
            if (out.length == 0) {
                out = new byte[] {(byte) r.nextInt(256)};
                continue;
            }
            int at = r.nextInt(out.length);
            switch (r.nextInt(4)) {
                case 0 -> out[at] = (byte) r.nextInt(256);
                case 1 -> out = splice(out, at, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
                case 2 -> out = splice(out, at, new byte[0], r.nextInt(1, Math.min(8, out.length - at) + 1));
                default -> out = splice(out, at, java.util.Arrays.copyOfRange(out, at, Math.min(out.length, at + 16)));
            }
        }
        return out;
    }

    private static byte[] splice(byte[] in, int at, byte[] insert) {
        return splice(in, at, insert, 0);
    }

    private static byte[] splice(byte[] in, int at, byte[] insert, int remove) {
        byte[] out = new byte[in.length - remove + insert.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(in, at + remove, out, at + insert.length, in.length - at - remove);
        return out;
    }
}
