package dev.parley.bench.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The CPU each process of the stack used, by thread family, read from
 * {@code /proc/<pid>/task/<tid>/stat}. A JFR recording samples Java frames only: the JIT compilers and
 * the collector, whose threads run no Java, never show in it, yet right after a new rate the compilers
 * took an eighth to a fifth of a service's CPU (the 30 s step at 800 msgs/s that follows a 30 s step at
 * the same rate; near nothing two minutes later). A per-step total that mixes them with the messages'
 * own work cannot tell a change from the JIT's progress; this can, and costs two reads of a few hundred
 * small files per step.
 *
 * <p>A family is the thread's name as the kernel keeps it (its first 15 characters) with every digit
 * run read as {@code #} and a Kafka Streams client id (a UUID) dropped, so the stream threads of a
 * topology, or the carriers of an edge's virtual threads, are one family each.
 */
public final class ThreadCpu {
    /** What a family is, where the name says: the JVM's own work apart from the application's. */
    public enum Kind {
        JIT("JIT compilers"), GC("garbage collector"), APPLICATION(null);

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The family's name in a report: the kind's own for the JVM's threads, else the family. */
        public String label(String family) {
            return label != null ? label : family;
        }
    }

    private static final Pattern UUID_TAIL = Pattern.compile("-?[0-9a-f]{8}-[0-9a-f-]*$");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern TRAILING_DASHES = Pattern.compile("-+$");

    private ThreadCpu() {
    }

    /** The family of a thread named {@code comm} (already at most 15 characters, as the kernel keeps it). */
    static String family(String comm) {
        String f = DIGITS.matcher(UUID_TAIL.matcher(comm).replaceAll("")).replaceAll("#").strip();
        // a cut name ends anywhere: "ForkJoinPool-1-" and "ForkJoinPool-12" are one family
        return TRAILING_DASHES.matcher(f).replaceAll("");
    }

    /** The JVM's compilers ({@code C# CompilerThre}) and collectors (G1's, {@code G# Refine##}, and the others'). */
    public static Kind kind(String family) {
        if (family.contains("CompilerThre")) {
            return Kind.JIT;
        }
        if (family.startsWith("GC ") || family.startsWith("G# ") || family.startsWith("ZWorker")
                || family.startsWith("Shenandoah")) {
            return Kind.GC;
        }
        return Kind.APPLICATION;
    }

    /**
     * CPU ms so far by part and family, for the processes {@code partByPid} names (a part's instances
     * summed); a process or thread that ends between two reads takes its time with it, so differences
     * are of families, each floored at zero by the caller.
     */
    public static Map<String, Map<String, Double>> snapshot(Map<Long, String> partByPid) {
        Map<String, Map<String, Double>> out = new TreeMap<>();
        partByPid.forEach((pid, part) -> {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks) {
                    String stat = read(task.resolve("stat"));
                    if (stat != null) {
                        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        out.computeIfAbsent(part, p -> new TreeMap<>())
                                .merge(family(comm), ProcessCpu.ticks(stat) * ProcessCpu.MS_PER_TICK, Double::sum);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process is gone, or no /proc (not Linux): nothing to count for it
            }
        });
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null; // the thread ended between the listing and the read
        }
    }

    /** The ms of {@code kind}'s families in {@code parts}. */
    public static double ms(Map<String, Map<String, Double>> byPart, Set<String> parts, Kind kind) {
        double sum = 0;
        for (String part : parts) {
            for (Map.Entry<String, Double> e : byPart.getOrDefault(part, Map.of()).entrySet()) {
                if (kind(e.getKey()) == kind) {
                    sum += e.getValue();
                }
            }
        }
        return sum;
    }

    /** {@code after - before} per part and family, families with no time left out, never below zero. */
    public static Map<String, Map<String, Double>> delta(Map<String, Map<String, Double>> before,
            Map<String, Map<String, Double>> after) {
        Map<String, Map<String, Double>> d = new TreeMap<>();
        after.forEach((part, families) -> families.forEach((family, ms) -> {
            double x = ms - before.getOrDefault(part, Map.of()).getOrDefault(family, 0.0);
            if (x > 0) {
                d.computeIfAbsent(part, p -> new TreeMap<>()).put(family, x);
            }
        }));
        return d;
    }
}
