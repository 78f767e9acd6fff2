package dev.parley.bench.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * What a load step costs, read from the outside of every process: CPU time per process
 * ({@code /proc/<pid>/stat}, the processes found by command line among this JVM's descendants),
 * Kafka offsets per topic (end offsets of every topic, internal ones included, so transaction
 * markers and offset commits count), CQL writes and single-partition reads per table (Cassandra's
 * {@code system_views.local_write_latency} and {@code local_read_latency} counters), and the
 * requests the Kafka brokers answered,
 * by API ({@link BrokerRequests}), and the CPU of each process by thread family ({@link ThreadCpu}).
 * Snapshots are taken before and after a step.
 */
public final class CostMeter implements AutoCloseable {
    /** One reading of every counter. */
    public record Snapshot(long nanos, Map<String, Double> cpuMs, Map<String, Long> offsets, Map<String, Long> cqlWrites,
            Map<String, Long> cqlReads, Map<String, Long> brokerRequests, Map<String, Map<String, Double>> threadCpuMs) {}

    private final Admin admin;
    private final CqlSession cql;
    private final BrokerRequests brokerRequests = BrokerRequests.ofDescendants();

    public CostMeter(String kafkaBootstrap, String cqlContactPoint, String datacenter) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap));
        String[] hp = cqlContactPoint.split(":");
        this.cql = CqlSession.builder().addContactPoint(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])))
                .withLocalDatacenter(datacenter).build();
    }

    public Snapshot snapshot() {
        Map<Long, ProcessCpu.Snapshot> processes = ProcessCpu.snapshot();
        Map<Long, String> partByPid = new HashMap<>();
        processes.forEach((pid, s) -> partByPid.put(pid, name(s.part())));
        return new Snapshot(System.nanoTime(), cpu(processes), offsets(), cqlCounts("local_write_latency"),
                cqlCounts("local_read_latency"), brokerRequests.counts(), ThreadCpu.snapshot(partByPid));
    }

    /** CPU ms by process name ({@link ProcessCpu}'s parts, instances summed): this JVM is {@code load-client}. */
    public static Map<String, Double> cpu() {
        return cpu(ProcessCpu.snapshot());
    }

    private static Map<String, Double> cpu(Map<Long, ProcessCpu.Snapshot> processes) {
        Map<String, Double> ms = new TreeMap<>();
        processes.values().forEach(s -> ms.merge(name(s.part()), s.ticks() * ProcessCpu.MS_PER_TICK, Double::sum));
        return ms;
    }

    private static String name(String part) {
        return part.equals("bench") ? "load-client" : part;
    }

    /** utime + stime of one process (its threads included), in ticks; 0 when it is gone. */
    static long ticks(long pid) {
        return Math.max(0, ProcessCpu.read(pid));
    }

    private Map<String, Long> offsets() {
        try {
            var names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS);
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            topics.values().forEach(t -> t.partitions().forEach(
                    p -> request.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest())));
            Map<String, Long> sum = new TreeMap<>();
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> sum.merge(tp.topic(), info.offset(), Long::sum));
            return sum;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read Kafka end offsets", e);
        }
    }

    /** Operations per Parley table so far, from one of Cassandra's latency views. */
    private Map<String, Long> cqlCounts(String view) {
        Map<String, Long> counts = new TreeMap<>();
        for (Row r : cql.execute("SELECT keyspace_name, table_name, count FROM system_views." + view)) {
            if (r.getLong("count") > 0 && !r.getString("keyspace_name").startsWith("system")) {
                counts.put(r.getString("keyspace_name") + "." + r.getString("table_name"), r.getLong("count"));
            }
        }
        return counts;
    }

    /** The counters' differences from {@code before} to {@code after}, zeros left out. */
    public static Snapshot delta(Snapshot before, Snapshot after) {
        return new Snapshot(after.nanos() - before.nanos(), minus(after.cpuMs(), before.cpuMs()),
                minusLong(after.offsets(), before.offsets()), minusLong(after.cqlWrites(), before.cqlWrites()),
                minusLong(after.cqlReads(), before.cqlReads()), minusLong(after.brokerRequests(), before.brokerRequests()),
                ThreadCpu.delta(before.threadCpuMs(), after.threadCpuMs()));
    }

    private static Map<String, Double> minus(Map<String, Double> a, Map<String, Double> b) {
        Map<String, Double> d = new TreeMap<>();
        a.forEach((k, v) -> d.put(k, v - b.getOrDefault(k, 0.0)));
        return d;
    }

    private static Map<String, Long> minusLong(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> d = new TreeMap<>();
        a.forEach((k, v) -> {
            long x = v - b.getOrDefault(k, 0L);
            if (x != 0) {
                d.put(k, x);
            }
        });
        return d;
    }

    @Override
    public void close() {
        brokerRequests.close();
        cql.close();
        admin.close();
    }
}
