package dev.parley.replay.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.parley.common.config.SharedKeys;
import dev.parley.common.config.Settings;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/** The clients the replay commands open, from the shared keys (and the flags that override them). */
final class Connections {
    private Connections() {
    }

    static Map<String, Object> kafka(String bootstrap) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "parley-replay");
        return props;
    }

    static Map<String, Object> kafka(Settings s) {
        return kafka(s.get(SharedKeys.KAFKA_BOOTSTRAP_SERVERS));
    }

    /** The first contact point as {@code host:port}, as ops takes it. */
    static String contactPoints(Settings s) {
        return s.text(SharedKeys.CQL_CONTACT_POINTS).split(",")[0].trim();
    }

    /** A session with no keyspace: the commands name keyspaces in their queries. */
    static CqlSession cql(Settings s) {
        return CqlSession.builder().addContactPoints(s.get(SharedKeys.CQL_CONTACT_POINTS))
                .withLocalDatacenter(s.get(SharedKeys.CQL_LOCAL_DATACENTER))
                .withApplicationName("parley-replay").build();
    }
}
