package dev.parley.replay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.json.Json;
import dev.parley.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonProgressTest {

    @Test
    void oneLineAtStartAtMostOneASecondAndOneAtTheEndWithRateAndTimeLeft() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Map<String, Long> totals = new LinkedHashMap<>();
        totals.put("parley.messages.v1", 1000L);
        totals.put("parley.reads.v1", 0L);
        try (ProgressView view = new JsonProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), clock)) {
            view.start("rebuild", totals);
            clock.advance(Duration.ofMillis(500));
            view.update(Map.of("parley.messages.v1", 100L)); // within the second: no line
            clock.advance(Duration.ofMillis(500));
            view.update(Map.of("parley.messages.v1", 250L));
            clock.advance(Duration.ofMillis(1000));
            view.update(Map.of("parley.messages.v1", 1000L));
        }
        List<JsonNode> lines = bytes.toString(StandardCharsets.UTF_8).lines().map(JsonProgressTest::json).toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.getFirst().path("task").asText()).isEqualTo("rebuild");
        assertThat(lines.getFirst().path("done").asBoolean()).isFalse();
        JsonNode second = lines.get(1).path("inputs").get(0);
        assertThat(second.path("input").asText()).isEqualTo("parley.messages.v1");
        assertThat(second.path("done").asLong()).isEqualTo(250);
        assertThat(second.path("total").asLong()).isEqualTo(1000);
        assertThat(second.path("perSecond").asDouble()).isEqualTo(250.0);
        assertThat(second.path("etaSeconds").asLong()).isEqualTo(3);
        JsonNode last = lines.getLast();
        assertThat(last.path("done").asBoolean()).isTrue();
        assertThat(last.path("elapsedMs").asLong()).isEqualTo(2000);
        assertThat(last.path("inputs").get(0).path("etaSeconds").asLong()).isZero();
        // An input with nothing to do has no rate and no time left, not a division by zero.
        assertThat(last.path("inputs").get(1).has("etaSeconds")).isFalse();
    }

    @Test
    void topicNamesAreShortenedForTheBars() {
        assertThat(TerminalProgress.shortName("parley.messages.v1")).isEqualTo("messages");
        assertThat(TerminalProgress.shortName("parley.shadow.r1.parley.messages.v1")).isEqualTo("shadow.r1.parley.messages");
        assertThat(TerminalProgress.shortName("stage 2 (x)")).isEqualTo("stage 2 (x)");
    }

    private static JsonNode json(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
