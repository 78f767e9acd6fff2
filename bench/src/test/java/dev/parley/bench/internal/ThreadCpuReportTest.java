package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pairs report's CPU by thread family, per message and step. */
class ThreadCpuReportTest {
    private static final JsonNode RUN = Json.readTree("""
            {"profile":"pairs","config":{},"steps":[
              {"step":"idle","offered":0,"all_cores":0.1,"cpu_ms_by_thread":{"edge":{"a":5}}},
              {"step":"rate-50","offered":1500,"messages_written":1000,"all_cores":0.5,
               "parley_services_cpu_ms_per_message":2.5,"parley_services_jit_cpu_ms_per_message":0.5,
               "cpu_ms_by_thread":{"edge":{"a":100,"b":50,"C# CompilerThre":500,"GC Thread##":10}}},
              {"step":"rate-800","offered":24000,"messages_written":20000,"all_cores":1.6,
               "parley_services_cpu_ms_per_message":0.9,"parley_services_jit_cpu_ms_per_message":0.05,
               "cpu_ms_by_thread":{"edge":{"a":2000,"b":3000,"c":400,"d":300,"e":200,"f":100,
                 "C# CompilerThre":800,"C#CompilerThread":200,"GC Thread##":60,"G# Refine##":40},
                 "topology":{"parley-topology":5000}}}]}
            """);

    @Test
    void eachProcessShowsItsBusiestFamiliesTheRestTheCompilersAndTheCollector() {
        JsonNode busiest = RUN.path("steps").get(2);
        Map<String, List<String>> rows = ThreadCpuReport.rows("edge", busiest);
        assertThat(rows.keySet()).containsExactly("`b`", "`a`", "`c`", "`d`", "the other 2", "JIT compilers",
                "garbage collector");
        assertThat(rows.get("the other 2")).containsExactlyInAnyOrder("e", "f");
        assertThat(rows.get("JIT compilers")).containsExactlyInAnyOrder("C# CompilerThre", "C#CompilerThread");
        assertThat(ThreadCpuReport.rows("sinks", busiest)).isEmpty();
    }

    @Test
    void theTableGivesMicrosecondsPerMessageWrittenForEveryLoadStep() {
        StringBuilder md = new StringBuilder();
        ThreadCpuReport.append(md, RUN);
        String s = md.toString();
        assertThat(s).contains("| process | thread family | rate-50 | rate-800 |").doesNotContain("idle");
        assertThat(s).contains("| edge | `b` | 50 | 150 |").contains("| edge | `a` | 100 | 100 |");
        assertThat(s).contains("| edge | the other 2 | 0 | 15 |");
        assertThat(s).contains("| edge | JIT compilers | 500 | 50 |").contains("| edge | garbage collector | 10 | 5 |");
        assertThat(s).contains("| topology | `parley-topology` | 0 | 250 |");
        assertThat(s).contains("rate-50: 0.500 of 2.500;").contains("rate-800: 0.050 of 0.900;");
    }

    @Test
    void runsFromBeforeThreadsWereReadHaveNoSection() {
        StringBuilder md = new StringBuilder();
        ThreadCpuReport.append(md, Json.readTree("""
                {"steps":[{"step":"rate-50","offered":1500,"messages_written":1000}]}
                """));
        assertThat(md).isEmpty();
    }
}
