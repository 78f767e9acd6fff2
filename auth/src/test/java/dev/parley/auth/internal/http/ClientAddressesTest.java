package dev.parley.auth.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.auth.AuthConfig.ForwardedHeader;
import dev.parley.auth.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
    private static final List<Cidr> PROXIES = List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8"));
    private final ClientAddresses xff = new ClientAddresses(PROXIES, ForwardedHeader.X_FORWARDED_FOR);
    private final ClientAddresses rfc = new ClientAddresses(PROXIES, ForwardedHeader.FORWARDED);

    private static byte[] ip(String s) {
        return Cidr.literal(s).orElseThrow();
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItsHeadersSay() {
        assertThat(xff.resolve(ip("203.0.113.5"), List.of("198.51.100.1"))).isEqualTo("203.0.113.5");
        assertThat(new ClientAddresses(List.of(), ForwardedHeader.X_FORWARDED_FOR)
                .resolve(ip("10.1.1.1"), List.of("198.51.100.1"))).isEqualTo("10.1.1.1");
    }

    @Test
    void theRightMostUntrustedHopIsTheClientAndSpoofedHopsLeftOfItAreIgnored() {
        assertThat(xff.resolve(ip("10.0.0.2"), List.of("6.6.6.6, 198.51.100.7, 10.0.0.9"))).isEqualTo("198.51.100.7");
        assertThat(xff.resolve(ip("10.0.0.2"), List.of("6.6.6.6", "198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(xff.resolve(ip("10.0.0.2"), List.of("[2001:db8::1]:4711"))).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(xff.resolve(ip("10.0.0.2"), List.of("198.51.100.7:1234"))).isEqualTo("198.51.100.7");
        assertThat(xff.resolve(ip("10.0.0.2"), List.of("10.9.9.9, 10.0.0.3"))).isEqualTo("10.9.9.9");
    }

    @Test
    void aTrustedPeerWithoutAHeaderOrWithGarbageIsKeyedByItself() {
        assertThat(xff.resolve(ip("10.0.0.2"), List.of())).isEqualTo("10.0.0.2");
        assertThat(xff.resolve(ip("10.0.0.2"), List.of("6.6.6.6, unknown"))).isEqualTo("10.0.0.2");
        assertThat(xff.resolve(ip("10.0.0.2"), List.of("proxy.example.com"))).isEqualTo("10.0.0.2");
        assertThat(xff.resolve(ip("10.0.0.2"), List.of("1.2.3"))).isEqualTo("10.0.0.2");
        assertThat(xff.resolve(ip("10.0.0.2"), List.of(""))).isEqualTo("10.0.0.2");
    }

    @Test
    void forwardedIsReadByItsForParameterOnly() {
        assertThat(rfc.resolve(ip("fd00::1"), List.of("for=6.6.6.6, for=\"[2001:db8:cafe::17]:4711\";proto=https;by=10.0.0.1")))
                .isEqualTo("2001:db8:cafe:0:0:0:0:17");
        assertThat(rfc.resolve(ip("10.0.0.2"), List.of("For=198.51.100.60;proto=http")))
                .isEqualTo("198.51.100.60");
        assertThat(rfc.resolve(ip("10.0.0.2"), List.of("for=_hidden"))).isEqualTo("10.0.0.2");
        assertThat(rfc.resolve(ip("10.0.0.2"), List.of("proto=http"))).isEqualTo("10.0.0.2");
    }

    @Test
    void cidrBlocksMatchByPrefix() {
        Cidr c = Cidr.parse("192.0.2.128/25");
        assertThat(c.contains(ip("192.0.2.200"))).isTrue();
        assertThat(c.contains(ip("192.0.2.127"))).isFalse();
        assertThat(c.contains(ip("::1"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("8.8.8.8"))).isTrue();
        assertThat(Cidr.literal("localhost")).isEmpty();
        assertThat(Cidr.literal("01.2.3.4")).isEmpty();
        assertThat(Cidr.literal("fe80::1%eth0")).isEmpty();
    }
}
