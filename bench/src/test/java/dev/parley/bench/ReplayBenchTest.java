package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.common.config.ConfigException;
import dev.parley.common.config.Settings;
import dev.parley.common.event.Message;
import dev.parley.common.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayBenchTest {
    @Test
    void theIssuesSizeByDefault() {
        Settings s = Settings.of(Map.of());
        ReplayBenchConfig c = ReplayBenchConfig.from(s);
        s.validate();
        assertThat(c).isEqualTo(new ReplayBenchConfig(200_000, 2000, 60));
    }

    @Test
    void keysAreReadAndCheckedTogether() {
        assertThat(ReplayBenchConfig.from(Settings.of(Map.of("bench.replay.messages", "20000",
                "bench.replay.conversations", "10", "bench.replay.body-bytes", "5")))).isEqualTo(new ReplayBenchConfig(20000, 10, 5));
        Settings bad = Settings.of(Map.of("bench.replay.messages", "0", "bench.replay.conversations", "x"));
        ReplayBenchConfig.from(bad);
        assertThatThrownBy(bad::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bench.replay.messages").hasMessageContaining("bench.replay.conversations");
    }

    @Test
    void messagesGoRoundRobinWithGapFreeSeqs() {
        List<Message> m = ReplayBench.messages(new ReplayBenchConfig(7, 3, 60));
        assertThat(m).extracting(Message::seq).containsExactly(1L, 1L, 1L, 2L, 2L, 2L, 3L);
        assertThat(m.get(3).conversationId()).isEqualTo(m.get(0).conversationId()).isNotEqualTo(m.get(1).conversationId());
        assertThat(m.get(0).body()).hasSize(60);
        assertThat(ReplayBench.messages(new ReplayBenchConfig(7, 3, 60))).isEqualTo(m);
    }

    @Test
    void batchesAreCutLikeTheSinksPerPartition() {
        // 60-byte bodies: 436 estimated bytes a row, so 32 KiB holds 75 rows, before the 100-row limit.
        List<List<Message>> chunks = ReplayBench.chunks(ReplayBench.messages(new ReplayBenchConfig(2 * 1200, 2, 60)));
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c).extracting(Message::conversationId).containsOnly(c.getFirst().conversationId());
            assertThat(c.getFirst().seq() / 1000).isEqualTo(c.getLast().seq() / 1000);
            assertThat(c.size()).isLessThanOrEqualTo(75);
        });
        assertThat(chunks.stream().mapToInt(List::size).sum()).isEqualTo(2400);
        assertThat(ReplayBench.chunks(ReplayBench.messages(new ReplayBenchConfig(300, 1, 0)))).extracting(List::size)
                .containsExactly(100, 100, 100);
    }

    @Test
    void theReportShowsTheRatioAgainstTheTarget() {
        String md = ReplayReport.render(Json.readTree("""
                {"profile":"replay","config":{"messages":20000,"conversations":2000,"bodyBytes":60},
                 "machine":{"cores":2,"cpu":"Some CPU","load_average_before_start":"0.5"},"max_in_flight":256,"max_poll_records":500,
                 "raw":{"single_row":{"run_1":10000,"run_2":12000,"mean":11000},
                        "batched":{"run_1":30000,"run_2":34000,"mean":32000,"statements":2000}},
                 "phases":{"raw single-row 1":{"msgs_per_s":10000,"cpu_ms_per_message":{"bench":0.01,"cassandra":0.1}},
                   "rebuild":{"seconds":2.5,"msgs_per_s":8000,"after_first_poll_msgs_per_s":9000,
                              "cpu_ms_per_message":{"bench":0.05,"cassandra":0.125}}},
                 "raw_best_msgs_per_s":32000,"raw_best_variant":"batched","ratio":0.25,"target":0.8,"target_met":false,
                 "rebuild_rows_stored":20000}
                """));
        assertThat(md).contains("| raw single-row (run 1 / run 2) | **11000** (10000 / 12000) |")
                .contains("| raw batched, 2000 single-partition batches | **32000** (30000 / 34000) |")
                .contains("| rebuild | **8000** (2.5 s; 9000 from its first poll on) |")
                .contains("| phase | msgs/s | bench | cassandra |").contains("| raw single-row 1 | 10000 | 0.010 | 0.100 |")
                .contains("| rebuild | 8000 | 0.050 | 0.125 |")
                .contains("| ratio (rebuild / raw batched) | **0.25** |").contains("| met | **no** |")
                .contains("2 cores, Some CPU");
    }
}
