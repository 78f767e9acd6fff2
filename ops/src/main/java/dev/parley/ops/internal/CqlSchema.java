package dev.parley.ops.internal;

import dev.parley.ops.OpsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The CQL schema resource {@code parley/schema.cql}: statements separated by a line holding only
 * {@code ;}, with {@code ${keyspace}} and {@code ${replication}} filled in.
 */
public final class CqlSchema {
    public static final String RESOURCE = "/parley/schema.cql";
    private static final Pattern KEYSPACE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");

    private CqlSchema() {
    }

    /** The statements of the bundled schema for this keyspace and replication map literal. */
    public static List<String> statements(String keyspace, String replication) {
        try (InputStream in = CqlSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new OpsException("schema resource " + RESOURCE + " is missing from the classpath");
            }
            return render(new String(in.readAllBytes(), StandardCharsets.UTF_8), keyspace, replication);
        } catch (IOException e) {
            throw new OpsException("cannot read " + RESOURCE + ": " + e.getMessage());
        }
    }

    static List<String> render(String schema, String keyspace, String replication) {
        if (keyspace == null || !KEYSPACE.matcher(keyspace).matches()) {
            throw new OpsException("keyspace '" + keyspace + "' is not a valid CQL name (letters, digits, _; 48 at most)");
        }
        String r = replication == null ? "" : replication.strip();
        if (!r.startsWith("{") || !r.endsWith("}") || !r.contains("'class'")) {
            throw new OpsException("replication '" + replication
                    + "' is not a CQL map like {'class': 'SimpleStrategy', 'replication_factor': 1}");
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : schema.split("\\R")) {
            String t = line.strip();
            if (t.equals(";")) {
                add(out, current);
            } else if (!t.startsWith("--")) {
                current.append(line).append('\n');
            }
        }
        add(out, current);
        return out.stream().map(s -> s.replace("${keyspace}", keyspace).replace("${replication}", r)).toList();
    }

    private static void add(List<String> out, StringBuilder statement) {
        String s = statement.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
        statement.setLength(0);
    }
}
