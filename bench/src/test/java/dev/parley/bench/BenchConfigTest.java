package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.common.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchConfigTest {

    @Test
    void theQuickProfileIsSmallerThanTheFullOneAndSaysItsFanoutIsReduced() {
        BenchConfig quick = BenchConfig.from("quick", Settings.of(Map.of()));
        BenchConfig full = BenchConfig.from("full", Settings.of(Map.of()));
        assertThat(quick.users()).isLessThan(full.users());
        assertThat(quick.fanoutReduced()).isTrue();
        assertThat(full.fanoutGroupSize()).isEqualTo(10_000);
        assertThat(full.fanoutOnline()).isEqualTo(1_000);
        assertThat(full.fanoutReduced()).isFalse();
        assertThat(quick.chaosFaults()).containsExactlyElementsOf(BenchConfig.ALL_FAULTS);
    }

    @Test
    void theFullProfileRestartsOneBrokerOfThreeAsProductionRunsThemAndTheQuickOneItsOnlyBroker() {
        assertThat(BenchConfig.from("full", Settings.of(Map.of())).kafkaBrokers()).isEqualTo(3);
        assertThat(BenchConfig.from("quick", Settings.of(Map.of())).kafkaBrokers()).isEqualTo(1);
        assertThat(BenchConfig.from("full", Settings.of(Map.of("bench.kafka-brokers", "1"))).kafkaBrokers()).isEqualTo(1);
    }

    @Test
    void keysOverrideTheProfile() {
        BenchConfig c = BenchConfig.from("quick", Settings.of(Map.of("bench.users", "30", "bench.fanout.online", "20",
                "bench.chaos.faults", "sinks, redis", "bench.knee.step", "3s")));
        assertThat(c.users()).isEqualTo(30);
        assertThat(c.chaosFaults()).containsExactly("sinks", "redis");
        assertThat(c.kneeStep()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void anUnknownFaultOrProfileOrMoreOnlineThanUsersIsRefused() {
        assertThatThrownBy(() -> validated("quick", Map.of("bench.chaos.faults", "disk")))
                .hasMessageContaining("unknown fault 'disk'");
        assertThatThrownBy(() -> validated("medium", Map.of()))
                .hasMessageContaining("unknown profile");
        assertThatThrownBy(() -> validated("quick", Map.of("bench.users", "10")))
                .hasMessageContaining("bench.fanout.online");
    }

    private static BenchConfig validated(String profile, Map<String, String> values) {
        Settings s = Settings.of(values);
        BenchConfig c = BenchConfig.from(profile, s);
        s.validate();
        return c;
    }
}
