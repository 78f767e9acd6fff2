package dev.parley.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
}
