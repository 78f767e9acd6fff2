package dev.parley.bench.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
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
 * markers and offset commits count), and CQL writes per table (Cassandra's
 * {@code system_views.local_write_latency} counters). Snapshots are taken before and after a step.
 */
public final class CostMeter implements AutoCloseable {
    /** Linux's USER_HZ: /proc reports CPU time in these ticks on every architecture Parley runs on. */
    private static final double MS_PER_TICK = 10.0;
    /** How a process is recognised by its command line; the first match names it. */
    private static final List<Map.Entry<String, String>> PROCESSES = List.of(
            Map.entry("edge", "parley-edge-"), Map.entry("topology", "parley-streams-topology-"),
            Map.entry("sinks", "parley-sinks-"), Map.entry("auth", "parley-auth-"),
            Map.entry("kafka", "kafka.Kafka"), Map.entry("cassandra", "CassandraDaemon"),
            Map.entry("redis", "redis-server"), Map.entry("postgres", "postgres"));

    /** One reading of every counter. */
    public record Snapshot(long nanos, Map<String, Double> cpuMs, Map<String, Long> offsets, Map<String, Long> cqlWrites) {}

    private final Admin admin;
    private final CqlSession cql;

    public CostMeter(String kafkaBootstrap, String cqlContactPoint, String datacenter) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap));
        String[] hp = cqlContactPoint.split(":");
        this.cql = CqlSession.builder().addContactPoint(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])))
                .withLocalDatacenter(datacenter).build();
    }

    public Snapshot snapshot() {
        return new Snapshot(System.nanoTime(), cpu(), offsets(), cqlWrites());
    }

    /** CPU ms by process name: this JVM is {@code load-client}. */
    public static Map<String, Double> cpu() {
        Map<String, Double> ms = new TreeMap<>();
        ms.put("load-client", ticks(ProcessHandle.current().pid()) * MS_PER_TICK);
        ProcessHandle.current().descendants().forEach(p -> {
            String cmd = p.info().commandLine().orElse("");
            for (Map.Entry<String, String> e : PROCESSES) {
                if (cmd.contains(e.getValue())) {
                    ms.merge(e.getKey(), ticks(p.pid()) * MS_PER_TICK, Double::sum);
                    return;
                }
            }
        });
        return ms;
    }

    /** utime + stime of one process (its threads included), in ticks; 0 when it is gone. */
    static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
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

    private Map<String, Long> cqlWrites() {
        Map<String, Long> writes = new TreeMap<>();
        for (Row r : cql.execute("SELECT keyspace_name, table_name, count FROM system_views.local_write_latency")) {
            if (r.getLong("count") > 0 && !r.getString("keyspace_name").startsWith("system")) {
                writes.put(r.getString("keyspace_name") + "." + r.getString("table_name"), r.getLong("count"));
            }
        }
        return writes;
    }

    /** The counters' differences from {@code before} to {@code after}, zeros left out. */
    public static Snapshot delta(Snapshot before, Snapshot after) {
        return new Snapshot(after.nanos() - before.nanos(), minus(after.cpuMs(), before.cpuMs()),
                minusLong(after.offsets(), before.offsets()), minusLong(after.cqlWrites(), before.cqlWrites()));
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
        cql.close();
        admin.close();
    }
}
