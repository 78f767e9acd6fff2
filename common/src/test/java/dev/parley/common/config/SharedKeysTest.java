package dev.parley.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedKeysTest {
    @Test
    void defaultsAreTheLocalStacksAndParse() {
        Settings s = Settings.of(Map.of());
        assertThat(s.get(SharedKeys.KAFKA_BOOTSTRAP_SERVERS)).isEqualTo("127.0.0.1:19092");
        assertThat(s.get(SharedKeys.REDIS_URI)).isEqualTo("redis://127.0.0.1:16379");
        assertThat(s.get(SharedKeys.CQL_CONTACT_POINTS))
                .containsExactly(InetSocketAddress.createUnresolved("127.0.0.1", 19042));
        assertThat(s.get(SharedKeys.CQL_LOCAL_DATACENTER)).isEqualTo("datacenter1");
        assertThat(s.get(SharedKeys.CQL_KEYSPACE)).isEqualTo("parley");
        assertThat(s.get(SharedKeys.DB_URL)).isEqualTo("jdbc:postgresql://127.0.0.1:15432/parley");
        assertThat(s.get(SharedKeys.DB_USER)).isEqualTo("parley");
        assertThat(s.get(SharedKeys.DB_PASSWORD)).isEqualTo("parley");
        // Security: plaintext and no authentication, as the local stack runs.
        assertThat(s.get(SharedKeys.KAFKA_SECURITY_PROTOCOL)).isEqualTo("PLAINTEXT");
        assertThat(s.get(SharedKeys.KAFKA_SASL_MECHANISM)).isEqualTo("none");
        assertThat(s.get(SharedKeys.KAFKA_SASL_USERNAME)).isEmpty();
        assertThat(s.get(SharedKeys.KAFKA_SASL_PASSWORD)).isEmpty();
        assertThat(s.get(SharedKeys.KAFKA_TLS_TRUSTSTORE)).isEmpty();
        assertThat(s.get(SharedKeys.REDIS_PASSWORD)).isEmpty();
        assertThat(s.get(SharedKeys.CQL_USERNAME)).isEmpty();
        assertThat(s.get(SharedKeys.CQL_PASSWORD)).isEmpty();
        assertThat(s.get(SharedKeys.CQL_TLS)).isFalse();
        assertThat(s.get(SharedKeys.CQL_TLS_TRUSTSTORE)).isEmpty();
        s.validate();
    }

    @Test
    void aTypedKeyIsReadFromEverySourceByItsNameAndEnvironmentName() {
        assertThat(SharedKeys.REDIS_URI.envName()).isEqualTo("PARLEY_REDIS_URI");
        Settings env = Settings.layered(Map.of(), Map.of("PARLEY_CQL_CONTACT_POINTS", " db1:9042, ::1:9043 ,"),
                Map.of());
        assertThat(env.get(SharedKeys.CQL_CONTACT_POINTS)).containsExactly(
                InetSocketAddress.createUnresolved("db1", 9042), InetSocketAddress.createUnresolved("::1", 9043));
        assertThat(Settings.layered(Map.of(), Map.of(), Map.of("redis.uri", "rediss://r:6380")).get(SharedKeys.REDIS_URI))
                .isEqualTo("rediss://r:6380");
        assertThat(Settings.of(Map.of("redis.uri", "redis-sentinel://s1:26379,s2:26379#parley")).get(SharedKeys.REDIS_URI))
                .isEqualTo("redis-sentinel://s1:26379,s2:26379#parley");
    }

    @Test
    void aSentinelUriWithoutItsGroupIsRefused() {
        Settings s = Settings.of(Map.of("redis.uri", "redis-sentinel://s1:26379"));
        s.get(SharedKeys.REDIS_URI);
        assertThatThrownBy(s::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("names its group after '#'");
    }

    @Test
    void everyRefusedValueIsAProblemAndTheDefaultIsReturned() {
        Settings s = Settings.of(Map.of("redis.uri", "http://x", "cql.contact-points", "a:1,nohost",
                "cql.keyspace", "bad-name", "db.url", "jdbc:mysql://x"));
        assertThat(s.get(SharedKeys.REDIS_URI)).isEqualTo(SharedKeys.REDIS_URI.defaultValue());
        assertThat(s.get(SharedKeys.CQL_CONTACT_POINTS)).isEqualTo(SharedKeys.CQL_CONTACT_POINTS.defaultValue());
        s.get(SharedKeys.CQL_KEYSPACE);
        s.get(SharedKeys.DB_URL);
        assertThatThrownBy(s::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("redis.uri = 'http://x': must start with redis://, rediss://, redis-sentinel:// or rediss-sentinel://")
                .hasMessageContaining("cql.contact-points = 'a:1,nohost': 'nohost' is not host:port")
                .hasMessageContaining("cql.keyspace = 'bad-name'")
                .hasMessageContaining("db.url = 'jdbc:mysql://x': must be a jdbc:postgresql: URL");
    }

    @Test
    void theTableRowOfAKeyWithoutDefaultSaysEmpty() {
        assertThat(SharedKeys.REDIS_PASSWORD.docRow()).isEqualTo("| `redis.password` | `PARLEY_REDIS_PASSWORD` | (empty) |");
        assertThat(SharedKeys.CQL_TLS.docRow()).isEqualTo("| `cql.tls` | `PARLEY_CQL_TLS` | `false` |");
    }

    @Test
    void contactPointsNeedAHostAndAPortInRange() {
        for (String bad : new String[] {":9042", "h:", "h:x", "h:99999", "h:123456", "a b:1", ","}) {
            assertThatThrownBy(() -> SharedKeys.CQL_CONTACT_POINTS.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void textIsTheValueAsWrittenOrTheDefaultText() {
        assertThat(Settings.of(Map.of("cql.contact-points", "c:1")).text(SharedKeys.CQL_CONTACT_POINTS)).isEqualTo("c:1");
        assertThat(Settings.of(Map.of()).text(SharedKeys.CQL_CONTACT_POINTS)).isEqualTo("127.0.0.1:19042");
    }

    @Test
    void aDefaultItsOwnParserRefusesFailsWhenDeclared() {
        assertThatThrownBy(() -> ConfigKey.of("x.port", "none", "a port", Integer::valueOf))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SharedKeys.ALL).extracting(ConfigKey::name).doesNotHaveDuplicates().hasSize(18);
    }
}
