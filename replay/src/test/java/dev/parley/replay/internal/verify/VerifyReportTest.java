package dev.parley.replay.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifyReportTest {
    private static final VerifyReport REPORT = new VerifyReport("log", "parley", 12, 3400, 1, List.of(
            new Difference("c1", "digest", "aa", "bb"),
            new Difference("c2", "reads", "{u1: 5}", "{u1: 7}"),
            new Difference("c3", Difference.MISSING_RIGHT, "1 messages", "missing")));

    @Test
    void printsUpToMaxLinesThenTheRestAsACountAndTheTotalsLast() {
        List<String> lines = print(REPORT, 2);
        assertThat(lines).contains("c1 digest: aa vs bb", "c2 reads: {u1: 5} vs {u1: 7}", "... and 1 more")
                .doesNotContain("c3 missing on the right: 1 messages vs missing");
        assertThat(lines.getLast()).isEqualTo("verify: 12 conversations, 3400 messages, 3 differences");
        assertThat(print(REPORT, 10)).contains("c3 missing on the right: 1 messages vs missing")
                .noneMatch(l -> l.startsWith("..."));
    }

    @Test
    void anAgreeingReportEndsWithZeroDifferences() {
        VerifyReport ok = Verify.report("a", Map.of(), "b", Map.of(), 0);
        assertThat(ok.agrees()).isTrue();
        assertThat(print(ok, 10).getLast()).isEqualTo("verify: 0 conversations, 0 messages, 0 differences");
    }

    @Test
    void theJsonHasEveryField() {
        JsonNode json = Json.readTree(REPORT.toJson());
        assertThat(json.get("leftName").asText()).isEqualTo("log");
        assertThat(json.get("rightName").asText()).isEqualTo("parley");
        assertThat(json.get("conversations").asLong()).isEqualTo(12);
        assertThat(json.get("messages").asLong()).isEqualTo(3400);
        assertThat(json.get("skipped").asLong()).isEqualTo(1);
        assertThat(json.get("differences")).hasSize(3);
        assertThat(json.get("differences").get(1).get("what").asText()).isEqualTo("reads");
        assertThat(json.get("differences").get(1).get("right").asText()).isEqualTo("{u1: 7}");
    }

    private static List<String> print(VerifyReport report, int maxLines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), maxLines);
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
