package dev.parley.bench.internal;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The requests the stack's Kafka brokers have answered so far, by API: the cumulative {@code Count}
 * of their {@code kafka.network:type=RequestMetrics,name=RequestsPerSec,request=<api>,version=<v>}
 * meters, versions summed. Offsets per message show a transaction only by its markers; the broker's
 * share of the fixed cost (issue 11) is in its AddPartitionsToTxn, EndTxn, TxnOffsetCommit and
 * WriteTxnMarkers requests, which a transaction costs whatever it carries.
 *
 * <p>A broker publishes these meters only over JMX, so this attaches to each broker JVM (a process
 * of the same user, through the Attach API) and starts its local management agent: nothing on the
 * broker's command line changes and no port opens. A broker that cannot be read (attach disabled,
 * gone meanwhile) is left out of the counts and tried again at the next call.
 */
public final class BrokerRequests implements AutoCloseable {
    private static final ObjectName METERS = name("kafka.network:type=RequestMetrics,name=RequestsPerSec,*");
    private static final Set<String> FETCH_BY_SENDER = Set.of("FetchConsumer", "FetchFollower");

    private final Supplier<Collection<Long>> brokerPids;
    private final Map<Long, JMXConnector> connectors = new HashMap<>();

    /** @param brokerPids the process ids of the brokers now (asked at every {@link #counts()}) */
    public BrokerRequests(Supplier<Collection<Long>> brokerPids) {
        this.brokerPids = brokerPids;
    }

    /** The brokers among this JVM's descendants, as {@link ProcessCpu} finds the stack's processes. */
    public static BrokerRequests ofDescendants() {
        return new BrokerRequests(() -> ProcessCpu.snapshot().entrySet().stream()
                .filter(e -> e.getValue().part().equals("kafka")).map(Map.Entry::getKey).toList());
    }

    /** Requests answered so far by API, summed over every broker that could be read. */
    public synchronized Map<String, Long> counts() {
        Map<String, Long> sum = new TreeMap<>();
        Collection<Long> pids = brokerPids.get();
        connectors.entrySet().removeIf(e -> {
            boolean gone = !pids.contains(e.getKey());
            if (gone) {
                closeQuietly(e.getValue());
            }
            return gone;
        });
        for (long pid : pids) {
            try {
                counts(connector(pid).getMBeanServerConnection()).forEach((api, n) -> sum.merge(api, n, Long::sum));
            } catch (Exception e) {
                closeQuietly(connectors.remove(pid)); // restarted or gone: attach again next time
            }
        }
        return sum;
    }

    /**
     * The request counts by API that one MBean server's meters hold. The broker also meters its
     * Fetch requests split by who sent them (FetchConsumer, FetchFollower); those are left out, or
     * every fetch would count twice.
     */
    static Map<String, Long> counts(MBeanServerConnection server) throws IOException {
        Map<String, Long> byApi = new TreeMap<>();
        for (ObjectName meter : server.queryNames(METERS, null)) {
            String api = meter.getKeyProperty("request");
            try {
                if (api != null && !FETCH_BY_SENDER.contains(api)
                        && server.getAttribute(meter, "Count") instanceof Number n) {
                    byApi.merge(api, n.longValue(), Long::sum);
                }
            } catch (javax.management.JMException e) {
                // a meter removed between the query and the read: it counts as none
            }
        }
        return byApi;
    }

    private JMXConnector connector(long pid) throws Exception {
        JMXConnector c = connectors.get(pid);
        if (c == null) {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                c = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
            } finally {
                vm.detach();
            }
            connectors.put(pid, c);
        }
        return c;
    }

    private static void closeQuietly(JMXConnector c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // the broker went away: nothing left to close
            }
        }
    }

    private static ObjectName name(String pattern) {
        try {
            return new ObjectName(pattern);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(pattern, e);
        }
    }

    @Override
    public synchronized void close() {
        connectors.values().forEach(BrokerRequests::closeQuietly);
        connectors.clear();
    }
}
