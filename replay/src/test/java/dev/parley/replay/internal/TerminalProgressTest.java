package dev.parley.replay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {

    @Test
    void oneBarPerInputEndingAtItsTotal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Map<String, Long> totals = new LinkedHashMap<>();
        totals.put("parley.messages.v1", 200L);
        totals.put("parley.reads.v1", 10L);
        try (ProgressView view = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            view.start("rebuild", totals);
            view.update(Map.of("parley.messages.v1", 200L, "parley.reads.v1", 10L));
        }
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertThat(shown).startsWith("rebuild:").contains("messages", "reads", "200/200", "10/10", "100%");
    }
}
