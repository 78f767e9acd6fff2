package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each process's CPU by thread family, from the per-thread counters of /proc. */
class ThreadCpuTest {

    @Test
    void threadsOfOneRoleAreOneFamilyWhateverTheirNumbersAndClientIds() {
        // names as the kernel keeps them: the first 15 characters
        assertThat(ThreadCpu.family("ForkJoinPool-1-")).isEqualTo(ThreadCpu.family("ForkJoinPool-12"))
                .isEqualTo("ForkJoinPool-#");
        assertThat(ThreadCpu.family("GC Thread#0")).isEqualTo(ThreadCpu.family("GC Thread#1")).isEqualTo("GC Thread##");
        assertThat(ThreadCpu.family("parley-topology")).isEqualTo("parley-topology");
        assertThat(ThreadCpu.family("app-0c275ac8-edd0")).isEqualTo("app");
        assertThat(ThreadCpu.family("kafka-producer-")).isEqualTo("kafka-producer");
        assertThat(ThreadCpu.family("G1 Refine#0")).isEqualTo("G# Refine##");
    }

    @Test
    void theJvmsCompilersAndCollectorsAreToldApartFromTheApplication() {
        assertThat(ThreadCpu.kind(ThreadCpu.family("C2 CompilerThre"))).isEqualTo(ThreadCpu.Kind.JIT);
        assertThat(ThreadCpu.kind(ThreadCpu.family("C1 CompilerThre"))).isEqualTo(ThreadCpu.Kind.JIT);
        assertThat(ThreadCpu.kind(ThreadCpu.family("GC Thread#3"))).isEqualTo(ThreadCpu.Kind.GC);
        assertThat(ThreadCpu.kind(ThreadCpu.family("G1 Refine#0"))).isEqualTo(ThreadCpu.Kind.GC);
        assertThat(ThreadCpu.kind(ThreadCpu.family("G1 Conc#0"))).isEqualTo(ThreadCpu.Kind.GC);
        assertThat(ThreadCpu.kind(ThreadCpu.family("lettuce-nioEven"))).isEqualTo(ThreadCpu.Kind.APPLICATION);
        assertThat(ThreadCpu.Kind.JIT.label("C2 CompilerThre")).isEqualTo("JIT compilers");
        assertThat(ThreadCpu.Kind.APPLICATION.label("lettuce-nioEven")).isEqualTo("lettuce-nioEven");
    }

    @Test
    void aDeltaKeepsTheFamiliesThatWorkedAndNeverGoesBelowZero() {
        Map<String, Map<String, Double>> before = Map.of("edge", Map.of("a", 10.0, "b", 5.0, "gone", 7.0));
        Map<String, Map<String, Double>> after = Map.of("edge", Map.of("a", 25.0, "b", 5.0, "new", 3.0),
                "sinks", Map.of("c", 1.0));
        assertThat(ThreadCpu.delta(before, after))
                .isEqualTo(Map.of("edge", Map.of("a", 15.0, "new", 3.0), "sinks", Map.of("c", 1.0)));
        Map<String, Map<String, Double>> shrunk = Map.of("edge", Map.of("a", 4.0));
        assertThat(ThreadCpu.delta(before, shrunk)).as("an ended thread took its time with it").isEmpty();
    }

    @Test
    void theMsOfOneKindAreSummedOverTheNamedProcessesOnly() {
        Map<String, Map<String, Double>> ms = Map.of(
                "edge", Map.of("C2 CompilerThre", 30.0, "C1 CompilerThre", 5.0, "ForkJoinPool-#-", 100.0),
                "sinks", Map.of("C2 CompilerThre", 10.0), "kafka", Map.of("C2 CompilerThre", 1000.0));
        assertThat(ThreadCpu.ms(ms, Set.of("edge", "sinks", "topology"), ThreadCpu.Kind.JIT)).isEqualTo(45.0);
        assertThat(ThreadCpu.ms(ms, Set.of("edge"), ThreadCpu.Kind.APPLICATION)).isEqualTo(100.0);
    }

    @Test
    void thisJvmsThreadsAddUpToNoMoreThanTheProcessAndShowItsWorkAndItsCompilers() {
        assumeThat(Files.isDirectory(Path.of("/proc/self/task"))).as("Linux /proc").isTrue();
        long pid = ProcessHandle.current().pid();
        long spin = System.nanoTime() + 300_000_000L;
        double x = 0;
        while (System.nanoTime() < spin) {
            x += Math.sqrt(x + 1);
        }
        assertThat(x).isPositive();
        Map<String, Double> families = ThreadCpu.snapshot(Map.of(pid, "bench")).get("bench");
        double application = families.entrySet().stream().filter(e -> ThreadCpu.kind(e.getKey()) == ThreadCpu.Kind.APPLICATION)
                .mapToDouble(Map.Entry::getValue).sum();
        assertThat(application).as("the 300 ms spun on this thread").isGreaterThanOrEqualTo(250);
        assertThat(families.keySet()).anyMatch(f -> ThreadCpu.kind(f) == ThreadCpu.Kind.JIT);
        double threads = families.values().stream().mapToDouble(Double::doubleValue).sum();
        double process = ProcessCpu.read(pid) * 1000.0 / ProcessCpu.TICKS_PER_SECOND;
        // ticks are read per thread, each rounded down, and threads that ended are not listed
        assertThat(threads).isPositive().isLessThanOrEqualTo(process + 10 * families.size());
        assertThat(ThreadCpu.snapshot(Map.of(-1L, "none"))).isEmpty();
    }
}
