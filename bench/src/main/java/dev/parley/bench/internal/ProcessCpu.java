package dev.parley.bench.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The CPU each process of the stack used, second by second ({@code cpu.csv} of a run). On these two
 * cores a fault's recovery is often decided by who else wants the CPU: a rolling restart's pause
 * follows the restarted JVM's first seconds, not the rebalance, and only a per-process series next to
 * the latency series shows that.
 *
 * <p>Every descendant of the bench whose command line names a part of the stack is sampled from
 * {@code /proc/<pid>/stat}; a child of a process of the same part counts to that process. Postgres is
 * not among them: pg_ctl starts it outside the bench's process tree, and only auth, idle under load,
 * uses it. Not thread-safe: one sampling thread calls {@link #sample}.
 */
public final class ProcessCpu {
    /** One process in one second: its part of the stack, pid, and CPU in percent of one core. */
    public record Row(long second, String part, long pid, double percent) {}

    /** One process at one instant: its part, and the CPU ticks it has used so far (children rolled up). */
    public record Snapshot(String part, long ticks) {}

    /** Linux's USER_HZ: the unit of utime and stime in /proc, 100 on every architecture the JDK runs on. */
    static final int TICKS_PER_SECOND = 100;
    static final double MS_PER_TICK = 1000.0 / TICKS_PER_SECOND;
    private static final List<String[]> PARTS = List.of(
            new String[] {"parley-streams-topology-", "topology"}, new String[] {"parley-sinks-", "sinks"},
            new String[] {"parley-edge-", "edge"}, new String[] {"parley-auth-", "auth"},
            new String[] {"kafka.Kafka", "kafka"}, new String[] {"CassandraDaemon", "cassandra"},
            new String[] {"redis-server", "redis"});

    private final Map<Long, Snapshot> previous = new HashMap<>();
    private final Queue<Row> rows = new ConcurrentLinkedQueue<>();
    private long previousSecond = -1;

    /** The part of the stack a command line runs, if any. */
    static Optional<String> part(String commandLine) {
        for (String[] p : PARTS) {
            if (commandLine.contains(p[0])) {
                return Optional.of(p[1]);
            }
        }
        return Optional.empty();
    }

    /** utime + stime of a {@code /proc/<pid>/stat} line; the command name may hold spaces and parentheses. */
    static long ticks(String statLine) {
        String[] f = statLine.substring(statLine.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /**
     * Records, per process seen in both, the CPU used since the last sample; a process seen for the
     * first time only sets its baseline.
     *
     * @param second the timeline second this sample closes
     * @param now    pid to snapshot, for every process of the stack now
     */
    public void sample(long second, Map<Long, Snapshot> now) {
        double seconds = previousSecond < 0 ? 1 : Math.max(1, second - previousSecond);
        now.forEach((pid, s) -> {
            Snapshot before = previous.get(pid);
            if (before != null && before.part().equals(s.part())) {
                // A rolled-up child that exited takes its ticks with it: never below zero.
                double percent = Math.max(0, 100.0 * (s.ticks() - before.ticks()) / TICKS_PER_SECOND / seconds);
                rows.add(new Row(second, s.part(), pid, Math.round(percent * 10) / 10.0));
            }
        });
        previous.clear();
        previous.putAll(now);
        previousSecond = second;
    }

    /** Every process of the stack below this JVM now, and this JVM itself as {@code bench}. */
    public static Map<Long, Snapshot> snapshot() {
        Map<Long, String> parts = new HashMap<>();
        Map<Long, Long> parents = new HashMap<>();
        ProcessHandle.current().descendants().forEach(p -> commandLine(p.pid()).flatMap(ProcessCpu::part)
                .ifPresent(part -> {
                    parts.put(p.pid(), part);
                    p.parent().ifPresent(parent -> parents.put(p.pid(), parent.pid()));
                }));
        Map<Long, Long> ticks = new HashMap<>();
        for (long pid : parts.keySet()) {
            long root = pid;
            while (parents.containsKey(root) && parts.get(root).equals(parts.get(parents.get(root)))) {
                root = parents.get(root);
            }
            long used = read(pid);
            if (used >= 0) {
                ticks.merge(root, used, Long::sum);
            }
        }
        Map<Long, Snapshot> out = new HashMap<>();
        ticks.forEach((pid, t) -> out.put(pid, new Snapshot(parts.get(pid), t)));
        long self = ProcessHandle.current().pid();
        long own = read(self);
        if (own >= 0) {
            out.put(self, new Snapshot("bench", own));
        }
        return out;
    }

    /**
     * From {@code /proc/<pid>/cmdline}: {@code ProcessHandle.Info} gives none for a process that
     * rewrote its title (Redis).
     */
    private static Optional<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
            return raw.length == 0 ? Optional.empty()
                    : Optional.of(new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' '));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** utime + stime of one process in ticks, or -1 when it is gone. */
    static long read(long pid) {
        try {
            return ticks(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return -1; // gone meanwhile, or no /proc (not Linux): nothing to count
        }
    }

    /**
     * Samples at the start of every second of the timeline, on a daemon thread until the returned
     * handle is closed. It sleeps to the next second rather than for one: a sample takes some
     * milliseconds, and a fixed sleep would drift until a second had no row.
     */
    public AutoCloseable sampleEverySecond(Timeline timeline) {
        Thread t = Thread.ofPlatform().daemon().name("bench-process-cpu").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                double at = timeline.secondsAt(System.nanoTime());
                try {
                    sample((long) at, snapshot());
                } catch (RuntimeException e) {
                    // a process that went away mid-read, or anything else of /proc: the next second tries again
                }
                double next = Math.floor(timeline.secondsAt(System.nanoTime())) + 1;
                try {
                    TimeUnit.NANOSECONDS.sleep((long) ((next - timeline.secondsAt(System.nanoTime())) * 1e9) + 1_000_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return () -> {
            t.interrupt();
            t.join();
        };
    }

    public List<Row> rows() {
        return new ArrayList<>(rows);
    }

    /** {@code second,part,pid,cpu_percent}: one line per process per second. */
    public String csv() {
        StringBuilder b = new StringBuilder("second,part,pid,cpu_percent\n");
        for (Row r : rows) {
            b.append(r.second()).append(',').append(r.part()).append(',').append(r.pid()).append(',')
                    .append(r.percent()).append('\n');
        }
        return b.toString();
    }
}
