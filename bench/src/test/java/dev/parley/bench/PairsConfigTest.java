package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.common.config.ConfigException;
import dev.parley.common.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairsConfigTest {
    @Test
    void theIssuesShapeByDefault() {
        Settings s = Settings.of(Map.of());
        PairsConfig c = PairsConfig.from(s);
        s.validate();
        assertThat(c.count()).isEqualTo(500);
        assertThat(c.rates()).containsExactly(50, 100, 400, 800, 1600, 3200);
        assertThat(c.step()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.bodyChars()).isEqualTo(60);
        assertThat(c.serviceSettings()).isEmpty();
        assertThat(c.pauseOnUnavailable()).isTrue();
        assertThat(c.rampAfterHold()).isTrue();
        assertThat(c.warmRates()).isEmpty();
    }

    @Test
    void warmRatesAreParsedAndCheckedLikeRates() {
        Settings s = Settings.of(Map.of("bench.pairs.warm-rates", "800, 3200"));
        assertThat(PairsConfig.from(s).warmRates()).containsExactly(800, 3200);
        s.validate();
        Settings bad = Settings.of(Map.of("bench.pairs.warm-rates", "800,0"));
        PairsConfig.from(bad);
        assertThatThrownBy(bad::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bench.pairs.warm-rates must list positive rates");
    }

    @Test
    void ratesAndServiceSettingsAreParsed() {
        Settings s = Settings.of(Map.of("bench.pairs.rates", "10, 20", "bench.pairs.service-settings",
                "topology.commit-interval=0ms, topology.poll-timeout=100ms"));
        PairsConfig c = PairsConfig.from(s);
        s.validate();
        assertThat(c.rates()).isEqualTo(List.of(10, 20));
        assertThat(c.serviceSettings()).containsExactly(Map.entry("topology.commit-interval", "0ms"),
                Map.entry("topology.poll-timeout", "100ms"));
    }

    @Test
    void badListsAreReportedTogether() {
        Settings s = Settings.of(Map.of("bench.pairs.rates", "10,x", "bench.pairs.service-settings", "novalue"));
        PairsConfig.from(s);
        assertThatThrownBy(s::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bench.pairs.rates").hasMessageContaining("'novalue' is not key=value");
    }

    @Test
    void aRepeatedRateIsRefused() {
        Settings s = Settings.of(Map.of("bench.pairs.rates", "1600,3200,1600"));
        PairsConfig.from(s);
        assertThatThrownBy(s::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("repeats a rate");
    }
}
