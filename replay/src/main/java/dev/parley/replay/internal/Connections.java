package dev.parley.replay.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.parley.common.config.SharedKeys;
import dev.parley.common.config.Settings;
import dev.parley.common.cql.CqlConnection;
import dev.parley.common.kafka.KafkaClientSecurity;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/** The clients the replay commands open, from the shared keys (and the flags that override them). */
final class Connections {
    private Connections() {
    }

    /**
     * The base of every Kafka client of a command (admin, consumers, producers): bootstrap servers
     * and {@code kafka.security-protocol} and the rest.
     *
     * @throws dev.parley.common.config.ConfigException for a key that is refused (before connecting)
     */
    static Map<String, Object> kafka(Settings s) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, s.get(SharedKeys.KAFKA_BOOTSTRAP_SERVERS));
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "parley-replay");
        KafkaClientSecurity security = KafkaClientSecurity.from(s);
        s.validate();
        return security.applyTo(props);
    }

    /** The first contact point as {@code host:port}, as ops takes it. */
    static String contactPoints(Settings s) {
        return s.text(SharedKeys.CQL_CONTACT_POINTS).split(",")[0].trim();
    }

    /**
     * A session with no keyspace: the commands name keyspaces in their queries.
     *
     * @throws dev.parley.common.config.ConfigException for a key that is refused (before connecting)
     */
    static CqlSession cql(Settings s) {
        CqlConnection connection = CqlConnection.from(s);
        var contactPoints = s.get(SharedKeys.CQL_CONTACT_POINTS);
        String datacenter = s.get(SharedKeys.CQL_LOCAL_DATACENTER);
        s.validate();
        return connection.configure(CqlSession.builder()).addContactPoints(contactPoints)
                .withLocalDatacenter(datacenter).withApplicationName("parley-replay").build();
    }
}
