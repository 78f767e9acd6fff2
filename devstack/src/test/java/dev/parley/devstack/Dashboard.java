package dev.parley.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Grafana dashboard shipped in docs/grafana, read as Grafana reads its JSON model. */
record Dashboard(JsonNode model) {
    /** A series name in a PromQL expression: the families Parley and its libraries expose. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:parley|jvm|process|system|kafka)_[a-z0-9_]+)\\b");

    static Path file() {
        Path home = Path.of(System.getProperty("parley.home", "..")).toAbsolutePath().normalize();
        return home.resolve("docs/grafana/parley-overview.json");
    }

    static Dashboard load() throws IOException {
        return new Dashboard(Json.readTree(Files.readString(file())));
    }

    List<JsonNode> panels() {
        List<JsonNode> out = new ArrayList<>();
        model.path("panels").forEach(out::add);
        return out;
    }

    List<String> expressions() {
        List<String> out = new ArrayList<>();
        for (JsonNode panel : panels()) {
            panel.path("targets").forEach(t -> out.add(t.path("expr").asText()));
        }
        return out;
    }

    /** Every series the dashboard queries. */
    Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        for (String expr : expressions()) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
