package dev.parley.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
    private final OriginPolicy policy = new OriginPolicy(List.of("http://localhost:*", "https://chat.example.com"));

    @Test
    void allowsListedOriginsWildcardPortsAndNonBrowsers() {
        assertThat(policy.allows(null)).isTrue();
        assertThat(policy.allows("http://localhost:5173")).isTrue();
        assertThat(policy.allows("http://localhost")).isTrue();
        assertThat(policy.allows("HTTPS://Chat.Example.com")).isTrue();
    }

    @Test
    void refusesEverythingElse() {
        assertThat(policy.allows("http://localhost.evil.com:80")).isFalse();
        assertThat(policy.allows("http://localhost:80x")).isFalse();
        assertThat(policy.allows("https://localhost:5173")).isFalse();
        assertThat(policy.allows("https://chat.example.com:8443")).isFalse();
        assertThat(policy.allows("null")).isFalse();
        assertThat(new OriginPolicy(List.of()).allows("http://localhost:1")).isFalse();
        assertThat(new OriginPolicy(List.of("*")).allows("https://anything")).isTrue();
    }

    @Test
    void parsesACommaListOfPatterns() {
        OriginPolicy parsed = OriginPolicy.parse(" https://Chat.Example.com , http://localhost:* ,,http://[::1]:8080");
        assertThat(parsed.patterns()).containsExactly("https://chat.example.com", "http://localhost:*",
                "http://[::1]:8080");
        assertThat(parsed.allows("http://localhost:5173")).isTrue();
        assertThat(parsed.allows("http://[::1]:8080")).isTrue();
        assertThat(OriginPolicy.parse(OriginPolicy.LOCAL).allows("http://127.0.0.1:8080")).isTrue();
        assertThat(OriginPolicy.parse("*").allows("https://anything")).isTrue();
        assertThat(OriginPolicy.parse("").patterns()).isEmpty();
    }

    @Test
    void refusesWhatCouldNeverMatchAnOrigin() {
        for (String bad : new String[] {"localhost:3000", "https://chat.example.com/", "https://chat.example.com/app",
                "https://*.example.com", "https://chat.example.com:port", "http://localhost:*:*", "*.example.com",
                "https://user@chat.example.com", "https://chat example.com"}) {
            assertThatThrownBy(() -> OriginPolicy.parse("http://localhost:*," + bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'")
                    .hasMessageNotContaining("'http://localhost:*'");
        }
    }
}
