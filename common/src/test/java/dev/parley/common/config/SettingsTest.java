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
        assertThat(s.decimal("a.factor", 2, 1, 10)).isEqualTo(2.0);
        s.validate();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Settings s = Settings.of(Map.of("a.port", "http", "a.ttl", "soon", "a.size", "0", "a.factor", "NaN"));
        s.integer("a.port", 1, 1, 65535);
        s.decimal("a.factor", 2, 1, 10);
        s.duration("a.ttl", Duration.ZERO);
        s.integer("a.size", 1, 1, 10);
        s.required("a.secret");
        assertThatThrownBy(s::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("a.port = 'http' is not a whole number")
                .hasMessageContaining("a.ttl = 'soon'")
                .hasMessageContaining("a.size = 0 is out of range")
                .hasMessageContaining("a.factor = NaN is out of range")
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

    @Test
    void aSystemPropertyBeatsTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault() {
        Map<String, String> props = Map.of("k.a", "prop");
        Map<String, String> env = Map.of("PARLEY_K_A", "env", "PARLEY_K_B", "env");
        Map<String, String> file = Map.of("k.a", "file", "k.b", "file", "k.c", "file");
        Settings s = Settings.layered(props, env, file);
        assertThat(s.string("k.a", "default")).isEqualTo("prop");
        assertThat(s.string("k.b", "default")).as("the environment wins over the file").isEqualTo("env");
        assertThat(s.string("k.c", "default")).isEqualTo("file");
        assertThat(s.string("k.d", "default")).isEqualTo("default");
    }

    @Test
    void eachSourceAloneIsRead() {
        assertThat(Settings.layered(Map.of("k.a", "1"), Map.of(), Map.of()).integer("k.a", 0, 0, 9)).isEqualTo(1);
        assertThat(Settings.layered(Map.of(), Map.of("PARLEY_K_A", "2"), Map.of()).integer("k.a", 0, 0, 9)).isEqualTo(2);
        assertThat(Settings.layered(Map.of(), Map.of(), Map.of("k.a", "3")).integer("k.a", 0, 0, 9)).isEqualTo(3);
    }

    @Test
    void keysReadListsEveryLookupOnceAndUnusedNamesWhatNoLookupAskedFor() {
        Map<String, String> env = Map.of("PARLEY_K_A", "1", "PARLEY_K_TYPO", "2", "PARLEY_CONFIG", "/etc/p.properties",
                "HOME", "/root");
        Settings s = Settings.layered(Map.of(), env, Map.of("k.b", "3", "k.stale", "4"));
        s.string("k.a", "x");
        s.integer("k.b", 0, 0, 9);
        s.string("k.a", "x");
        s.get(SharedKeys.REDIS_URI);
        assertThat(s.keysRead()).containsExactly("k.a", "k.b", "redis.uri");
        assertThat(s.unused()).as("PARLEY_CONFIG names the file and other variables are not ours")
                .containsExactly("PARLEY_K_TYPO", "k.stale");
        s.string("k.typo", "x");
        assertThat(s.unused()).containsExactly("k.stale");
    }
}
