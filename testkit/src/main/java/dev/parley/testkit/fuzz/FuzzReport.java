package dev.parley.testkit.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Gathers every module's {@code target/fuzz/*.json} (written by {@link FuzzCampaign}) into
 * {@code bench/results/fuzz.json} and a table in {@code bench/results/fuzz.md}. JDK only, so
 * {@code ./parley fuzz} runs it as a single source file: {@code java FuzzReport.java <home>}.
 */
public final class FuzzReport {
    private static final Pattern FIELD = Pattern.compile("\"(target|inputs|crashes|millis|slowestMicros)\":(\"[^\"]*\"|\\d+)");

    private FuzzReport() {
    }

    public static void main(String[] args) throws IOException {
        Path home = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        List<String> lines = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        long inputs = 0;
        long crashes = 0;
        try (Stream<Path> files = Files.find(home, 4, (p, a) -> p.getParent() != null
                && p.getParent().endsWith(Path.of("target", "fuzz")) && p.toString().endsWith(".json"))) {
            for (Path f : files.sorted().toList()) {
                String json = Files.readString(f).strip();
                lines.add(json);
                Matcher m = FIELD.matcher(json);
                java.util.Map<String, String> v = new java.util.HashMap<>();
                while (m.find()) {
                    v.put(m.group(1), m.group(2).replace("\"", ""));
                }
                inputs += Long.parseLong(v.getOrDefault("inputs", "0"));
                crashes += Long.parseLong(v.getOrDefault("crashes", "0"));
                rows.add("| " + home.relativize(f).getName(0) + " | " + v.get("target") + " | " + v.get("inputs") + " | "
                        + v.get("crashes") + " | " + v.get("millis") + " | " + v.get("slowestMicros") + " |");
            }
        }
        Path out = Files.createDirectories(home.resolve("bench/results"));
        Files.writeString(out.resolve("fuzz.json"), "[\n" + String.join(",\n", lines) + "\n]\n");
        String md = "# Fuzz campaign\n\nWritten by `./parley fuzz` (" + java.time.Instant.now() + "). A crash is any "
                + "exception or wrong answer that escapes a target; each target asserts the refusal the contract "
                + "requires and that a good input after hostile ones is still processed (no stuck stage).\n\n"
                + "| module | target | inputs | crashes | ms | slowest input µs |\n|---|---|---|---|---|---|\n"
                + String.join("\n", rows) + "\n\n**Total: " + inputs + " inputs, " + crashes + " crashes.**\n";
        Files.writeString(out.resolve("fuzz.md"), md);
        System.out.println("fuzz: " + rows.size() + " targets, " + inputs + " inputs, " + crashes + " crashes -> "
                + home.relativize(out.resolve("fuzz.md")));
        if (crashes > 0 || rows.isEmpty()) {
            System.exit(1);
        }
    }
}
