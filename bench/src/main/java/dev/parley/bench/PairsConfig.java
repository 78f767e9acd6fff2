package dev.parley.bench;

import dev.parley.common.config.Settings;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pairs profile (issue 11): {@code count} pairs of users, one direct conversation per pair,
 * one sender per pair, fixed offered rates of {@code bodyChars}-character messages, {@code step}
 * each, after a warm-up; an idle step first measures what the stack costs doing nothing.
 *
 * @param jfrRate the offered rate during whose step edge, topology and sinks are recorded with
 *                JFR (0: none; -1: the connects and the warm-up, i.e. the cold start)
 * @param serviceSettings service settings over the bench's own, for comparing one setting's
 *                effect run against run: {@code key=value,key=value}
 * @param afterRate  the offered rate of a step that follows the last rate step at once, without
 *                   waiting for its backlog: how soon latency is back after an overload (0: none)
 * @param giveUpAfter a client gives up a send refused for this long, as one that shows its user a
 *                    failed send (zero: retries until acked)
 * @param pauseOnUnavailable a client refused with {@code unavailable} holds all its sends, new ones
 *                    too, for the pause it was given, as the protocol asks (docs/protocol.md, "Overload");
 *                    false: only the refused send waits, the others go out as typed
 * @param rampAfterHold with {@code pauseOnUnavailable}, a client sends what a hold kept back a few at
 *                    a time (an {@code unavailable} halves how many may be unanswered, each ack lets one
 *                    more go), as docs/protocol.md asks since the thirteenth session; false: all at once
 * @param stackWarmUp the longest warm-up of the stack before it counts as ready, as {@code ./parley up}
 *                does ({@code devstack.warm-up}); zero: the warm-up step meets a cold stack
 * @param warmRates offered rates of steps run after the warm-up and before the idle step, each
 *                {@code step} long and drained, reported apart as {@code warming-<rate>}: the issue's
 *                own figures came from a stack "warmed by an earlier run", and the first seconds
 *                of a rate the stack never ran are where runs differ most (empty: none)
 */
public record PairsConfig(int count, List<Integer> rates, Duration step, int warmUpRate, Duration warmUp,
        Duration idle, int bodyChars, int jfrRate, Duration p99Limit, Duration drainTimeout,
        Map<String, String> serviceSettings, Duration stackWarmUp, int afterRate, Duration giveUpAfter,
        boolean pauseOnUnavailable, boolean rampAfterHold, List<Integer> warmRates) {

    /** The {@code bench.pairs.*} keys over their defaults; problems are recorded in {@code s}. */
    public static PairsConfig from(Settings s) {
        return new PairsConfig(
                s.integer("bench.pairs.count", 500, 1, 50_000),
                rates(s, s.string("bench.pairs.rates", "50,100,400,800,1600,3200")),
                s.duration("bench.pairs.step", Duration.ofSeconds(30)),
                s.integer("bench.pairs.warm-up-rate", 200, 1, 1_000_000),
                s.duration("bench.pairs.warm-up", Duration.ofSeconds(30)),
                s.duration("bench.pairs.idle", Duration.ofSeconds(20)),
                s.integer("bench.pairs.body-chars", 60, 1, 4000),
                s.integer("bench.pairs.jfr-rate", 0, -1, 1_000_000),
                s.duration("bench.pairs.p99-limit", Duration.ofMillis(250)),
                s.duration("bench.drain-timeout", Duration.ofSeconds(60)),
                pairsOf(s, s.string("bench.pairs.service-settings", "")),
                s.duration("bench.pairs.stack-warm-up", Duration.ZERO),
                s.integer("bench.pairs.after-rate", 100, 0, 1_000_000),
                s.duration("bench.pairs.give-up-after", Duration.ZERO),
                s.bool("bench.pairs.pause-on-unavailable", true),
                s.bool("bench.pairs.ramp-after-hold", true),
                warmRates(s, s.string("bench.pairs.warm-rates", "")));
    }

    private static Map<String, String> pairsOf(Settings s, String list) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : list.split(",")) {
            if (kv.isBlank()) {
                continue;
            }
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                s.problem("bench.pairs.service-settings: '" + kv.trim() + "' is not key=value");
            } else {
                m.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        return m;
    }

    private static List<Integer> warmRates(Settings s, String list) {
        return list.isBlank() ? List.of() : rates(s, "bench.pairs.warm-rates", list);
    }

    private static List<Integer> rates(Settings s, String list) {
        return rates(s, "bench.pairs.rates", list);
    }

    private static List<Integer> rates(Settings s, String key, String list) {
        try {
            List<Integer> r = Arrays.stream(list.split(",")).map(String::trim).filter(x -> !x.isEmpty())
                    .map(Integer::valueOf).toList();
            if (r.isEmpty() || r.stream().anyMatch(x -> x < 1)) {
                s.problem(key + " must list positive rates");
            }
            if (r.stream().distinct().count() < r.size()) {
                // Steps are named by their rate (rate-1600): a repeated one would add up its windows.
                s.problem(key + " = '" + list + "' repeats a rate; each may be offered once");
            }
            return r;
        } catch (NumberFormatException e) {
            s.problem(key + " = '" + list + "' is not a list of whole numbers");
            return List.of();
        }
    }
}
