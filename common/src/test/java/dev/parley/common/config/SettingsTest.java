package dev.parley.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    @Test
    void typedValuesWithDefaults() {
        Settings s = Settings.of(Map.of("a.port", "9000", "a.ttl", "250ms", "a.flag", "yes"));
        assertThat(s.integer("a.port", 1, 1, 65535)).isEqualTo(9000);
        assertThat(s.integer("a.other", 7, 1, 65535)).isEqualTo(7);
        assertThat(s.duration("a.ttl", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
        assertThat(s.duration("a.none", Duration.ofHours(24))).isEqualTo(Duration.ofHours(24));
        assertThat(s.bool("a.flag", false)).isTrue();
        s.validate();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Settings s = Settings.of(Map.of("a.port", "http", "a.ttl", "soon", "a.size", "0"));
        s.integer("a.port", 1, 1, 65535);
        s.duration("a.ttl", Duration.ZERO);
        s.integer("a.size", 1, 1, 10);
        s.required("a.secret");
        assertThatThrownBy(s::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("a.port = 'http' is not a whole number")
                .hasMessageContaining("a.ttl = 'soon'")
                .hasMessageContaining("a.size = 0 is out of range")
                .hasMessageContaining("a.secret is required (or PARLEY_A_SECRET)");
    }

    @Test
    void durationsInEveryUnit() {
        assertThat(Settings.parseDuration("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Settings.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Settings.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Settings.parseDuration("PT2S")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void environmentNames() {
        assertThat(Settings.envName("edge.http-port")).isEqualTo("PARLEY_EDGE_HTTP_PORT");
    }
}
