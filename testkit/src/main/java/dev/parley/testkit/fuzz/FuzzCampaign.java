package dev.parley.testkit.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one fuzz target over many generated inputs and writes what happened to
 * {@code target/fuzz/<name>.json} (the {@code fuzz} profile gathers these into
 * {@code bench/results/fuzz.md}).
 *
 * <p>A crash is any {@link Throwable} that escapes the target: the target itself decides what
 * a correct refusal looks like and asserts it, so an {@link AssertionError} (a wrong answer) counts
 * as well as an unexpected exception. How many inputs: {@code -Dparley.fuzz.inputs.<name>}, else
 * {@code -Dparley.fuzz.inputs} (default {@value #DEFAULT_INPUTS}, the short CI run); the seed:
 * {@code -Dparley.fuzz.seed}. The per-target count lets a slow target (a whole topology per input)
 * run fewer inputs than a parser in the same campaign.
 */
public final class FuzzCampaign {
    public static final int DEFAULT_INPUTS = 3_000;
    private static final int KEPT_CRASHES = 5;

    private FuzzCampaign() {
    }

    /** What a campaign found. */
    public record Result(String target, long seed, int inputs, int crashes, long millis, long slowestMicros,
                         List<String> firstCrashes) {
    }

    /**
     * Generates inputs with {@code generator} and feeds each to {@code target}.
     *
     * @throws AssertionError after the campaign, naming the first crashing inputs, if any crashed
     */
    public static <T> Result run(String name, Function<SplittableRandom, T> generator, Consumer<T> target) {
        int inputs = Integer.getInteger("parley.fuzz.inputs." + name,
                Integer.getInteger("parley.fuzz.inputs", DEFAULT_INPUTS));
        long seed = Long.getLong("parley.fuzz.seed", 0x5eedL);
        SplittableRandom random = new SplittableRandom(seed);
        List<String> crashes = new ArrayList<>();
        int crashCount = 0;
        long slowest = 0;
        long start = System.nanoTime();
        for (int i = 0; i < inputs; i++) {
            T input = generator.apply(random);
            long t0 = System.nanoTime();
            try {
                target.accept(input);
            } catch (Throwable t) {
                crashCount++;
                if (crashes.size() < KEPT_CRASHES) {
                    crashes.add("#" + i + " " + t + " on " + describe(input));
                }
            }
            slowest = Math.max(slowest, (System.nanoTime() - t0) / 1000);
        }
        Result result = new Result(name, seed, inputs, crashCount, (System.nanoTime() - start) / 1_000_000, slowest,
                crashes);
        write(result);
        if (crashCount > 0) {
            throw new AssertionError(name + ": " + crashCount + " of " + inputs + " inputs crashed, first: "
                    + String.join("\n", crashes));
        }
        return result;
    }

    private static String describe(Object input) {
        String s = input instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : String.valueOf(input);
        s = Hostile.quote(s);
        return s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }

    private static void write(Result r) {
        Path dir = Path.of("target", "fuzz");
        String json = String.format(Locale.ROOT,
                "{\"target\":%s,\"seed\":%d,\"inputs\":%d,\"crashes\":%d,\"millis\":%d,\"slowestMicros\":%d,"
                        + "\"firstCrashes\":[%s]}%n",
                Hostile.quote(r.target()), r.seed(), r.inputs(), r.crashes(), r.millis(), r.slowestMicros(),
                String.join(",", r.firstCrashes().stream().map(Hostile::quote).toList()));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(r.target() + ".json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
