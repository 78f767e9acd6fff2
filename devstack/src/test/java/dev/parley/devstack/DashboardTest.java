package dev.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dashboard is a Grafana JSON model an operator can import as is: every panel has an id, a
 * place and a Prometheus query on the {@code datasource} variable, and every meter it queries is in
 * the meter table of docs/observability.md. {@code ObservabilityIT} checks the same names against
 * what the running services expose.
 */
class DashboardTest {

    @Test
    void isAGrafanaModelWithAQueryInEveryPanel() throws Exception {
        Dashboard d = Dashboard.load();
        assertThat(d.model().path("uid").asText()).isEqualTo("parley-overview");
        assertThat(d.model().path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        assertThat(d.model().path("templating").path("list").get(0).path("type").asText()).isEqualTo("datasource");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : d.panels()) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id").isTrue();
            assertThat(panel.path("title").asText()).isNotBlank();
            assertThat(panel.path("gridPos").path("w").asInt()).isPositive();
            assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).isNotEmpty();
            panel.path("targets").forEach(t -> assertThat(t.path("expr").asText()).as(panel.path("title").asText()).isNotBlank());
        }
        assertThat(d.expressions()).allSatisfy(DashboardTest::balanced);
    }

    @Test
    void queriesOnlyMetersDocumentedInTheMeterTable() throws Exception {
        Path home = Dashboard.file().getParent().getParent().getParent();
        String doc = Files.readString(home.resolve("docs/observability.md"));
        for (String series : Dashboard.load().metricNames()) {
            String family = series.replaceAll("_(bucket|count|sum|total|max)$", "").replaceAll("_seconds$", "");
            assertThat(doc).as("docs/observability.md lists " + series).contains("`" + family);
        }
    }

    private static void balanced(String expr) {
        int depth = 0;
        for (char c : expr.toCharArray()) {
            depth += c == '(' || c == '{' || c == '[' ? 1 : c == ')' || c == '}' || c == ']' ? -1 : 0;
            assertThat(depth).as(expr).isNotNegative();
        }
        assertThat(depth).as(expr).isZero();
    }
}
