package dev.parley.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bench.internal.LatencyPlot;
import dev.parley.bench.internal.MarkdownReport;
import dev.parley.bench.internal.PairsReport;
import dev.parley.common.config.Settings;
import dev.parley.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.logging.LogManager;
import java.util.stream.Stream;

/**
 * {@code parley-bench quick|full} (run by {@code ./parley bench}; {@code pairs} and {@code replay} write
 * {@code <profile>-latest.md/json} instead): one bench run, then
 * {@code bench/results/latest.json}, {@code latest.md} and {@code latency-over-time.png}, with the
 * full violation list and the per-second timeline in {@code bench/results/run-<time>/}. Exit
 * status 0 when the run completed and found no violation, 3 when it found violations, 1 when it failed.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        loadLogging();
        String profile = args.length == 0 ? "quick" : args[0];
        if (profile.equals("help") || profile.equals("-h") || profile.equals("--help")) {
            System.out.println("usage: parley-bench [quick|full|pairs|replay|serde]   (settings: bench/CONFIG.md)");
            return;
        }
        Path home = Path.of(System.getProperty("parley.home", ".")).toAbsolutePath().normalize();
        System.exit(run(profile, home, System.out));
    }

    static int run(String profile, Path home, PrintStream out) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path results = home.resolve("bench/results");
        Path runDir = results.resolve("run-" + stamp);
        Path data = home.resolve("bench/target/stack-" + stamp);
        Settings settings = Settings.fromEnvironment();
        boolean keepData = settings.bool("bench.keep-data", false);
        Path aot = aotCacheDir(home, settings);
        long t0 = System.nanoTime();
        try {
            if (profile.equals("pairs")) {
                return pairs(settings, home, results, runDir, data, aot, out);
            }
            if (profile.equals("replay")) {
                return replay(settings, home, results, runDir, data, out);
            }
            if (profile.equals("serde")) {
                return serde(results, out);
            }
            BenchConfig config = BenchConfig.from(profile, settings);
            settings.validate();
            Files.createDirectories(runDir);
            Bench.Outcome outcome = new Bench(config, home, data, aot, out).run();
            outcome.results().put("duration_seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
            write(outcome, results, runDir);
            out.printf("bench: done in %.0f s; %d violations; results in %s%n", (System.nanoTime() - t0) / 1e9,
                    outcome.violations().size(), results.resolve("latest.json"));
            return outcome.violations().isEmpty() ? 0 : 3;
        } catch (Exception | AssertionError e) {
            out.println("bench: failed: " + e);
            e.printStackTrace(out);
            return 1;
        } finally {
            if (!keepData) {
                deleteQuietly(data);
            }
        }
    }

    /**
     * {@code bench.aot-cache-dir}: where the services' AOT caches are trained and kept between runs
     * (devstack's AotCache; the first run after a rebuild trains them). {@code none}: every JVM cold.
     */
    static Path aotCacheDir(Path home, Settings settings) {
        String dir = settings.string("bench.aot-cache-dir", "bench/target/aot");
        return dir.equals("none") ? null : home.resolve(dir);
    }

    private static int pairs(Settings settings, Path home, Path results, Path runDir, Path data, Path aot,
            PrintStream out) throws Exception {
        PairsConfig config = PairsConfig.from(settings);
        settings.validate();
        Files.createDirectories(runDir);
        PairsBench.Result r = new PairsBench(config, home, data, aot, runDir, out).run();
        var writer = Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(results.resolve("pairs-latest.json"), writer.writeValueAsString(r.results()) + "\n");
        Files.writeString(results.resolve("pairs-latest.md"), PairsReport.render(r.results()));
        Files.copy(results.resolve("pairs-latest.json"), runDir.resolve("results.json"));
        StringBuilder v = new StringBuilder();
        r.violations().forEach(x -> v.append(x).append('\n'));
        Files.writeString(runDir.resolve("violations.txt"), v.toString());
        out.printf("bench: pairs done; %d violations; results in %s%n", r.violations().size(), results.resolve("pairs-latest.md"));
        return r.violations().isEmpty() ? 0 : 3;
    }

    private static int serde(Path results, PrintStream out) throws IOException {
        ObjectNode r = SerdeBench.run();
        var writer = Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(results.resolve("serde-latest.json"), writer.writeValueAsString(r) + "\n");
        Files.writeString(results.resolve("serde-latest.md"), SerdeBench.markdown(r));
        out.printf("bench: serde done; %.0f ns and %d bytes allocated per message; results in %s%n",
                r.path("per_message_ns").asDouble(), r.path("per_message_bytes_allocated").asLong(),
                results.resolve("serde-latest.md"));
        return 0;
    }

    private static int replay(Settings settings, Path home, Path results, Path runDir, Path data, PrintStream out)
            throws Exception {
        ReplayBenchConfig config = ReplayBenchConfig.from(settings);
        settings.validate();
        Files.createDirectories(runDir);
        ObjectNode r = new ReplayBench(config, home, data, out).run();
        var writer = Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(results.resolve("replay-latest.json"), writer.writeValueAsString(r) + "\n");
        Files.writeString(results.resolve("replay-latest.md"), ReplayReport.render(r));
        Files.copy(results.resolve("replay-latest.json"), runDir.resolve("results.json"));
        out.printf("bench: replay done; ratio %.2f (target %.1f); results in %s%n", r.path("ratio").asDouble(),
                ReplayBench.TARGET, results.resolve("replay-latest.md"));
        return 0;
    }

    private static void write(Bench.Outcome o, Path results, Path runDir) throws IOException {
        var writer = Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(results.resolve("latest.json"), writer.writeValueAsString(o.results()) + "\n");
        String plot = "latency-over-time.png";
        LatencyPlot.write(o.timeline(), "Parley " + o.results().path("profile").asText()
                + " bench: delivery latency and throughput over the run", results.resolve(plot));
        Files.writeString(results.resolve("latest.md"), MarkdownReport.render(o.results(), plot));
        Files.copy(results.resolve("latest.json"), runDir.resolve("results.json"));
        Files.copy(results.resolve(plot), runDir.resolve(plot));
        StringBuilder v = new StringBuilder();
        o.violations().forEach(x -> v.append(x).append('\n'));
        Files.writeString(runDir.resolve("violations.txt"), v.toString());
        Files.writeString(runDir.resolve("timeline.csv"), o.timeline().csv());
        Files.writeString(runDir.resolve("cpu.csv"), o.cpu().csv());
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // leave it; it is under target/
        }
    }

    private static void loadLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (InputStream in = Main.class.getResourceAsStream("/logging.properties")) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            // default logging
        }
    }
}
