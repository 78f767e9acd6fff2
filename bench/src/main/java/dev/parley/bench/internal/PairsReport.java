package dev.parley.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** {@code pairs-latest.md}: the pairs profile's results as the tables issue 11 reads. */
public final class PairsReport {
    private PairsReport() {
    }

    public static String render(JsonNode r) {
        StringBuilder md = new StringBuilder("# Parley bench: pairs profile\n\n");
        JsonNode c = r.path("config");
        md.append(String.format(Locale.ROOT, "%d pairs, one 1:1 conversation and one sender per pair, %d-character bodies, "
                + "%.0f s per rate after a warm-up of %.0f s at %d msgs/s; the whole stack on this machine. "
                + "Consistency checker: **%d violations** over %d messages sent. Costs are per message written "
                + "in the step (past the knee a step also works off earlier backlog).%n%n",
                c.path("count").asInt(), c.path("bodyChars").asInt(), c.path("step").asDouble(), c.path("warmUp").asDouble(),
                c.path("warmUpRate").asInt(), r.path("violations").asInt(), r.path("messages_sent").asInt()));
        if (!c.path("warmRates").isEmpty()) {
            md.append("After the warm-up the stack was warmed by a step at each of ").append(c.path("warmRates"))
                    .append(" msgs/s (each drained; rows marked below), as the issue's own figures came from a stack"
                            + " warmed by an earlier run; the measured rates followed the idle step.\n\n");
        }
        boolean pause = c.path("pauseOnUnavailable").asBoolean(false);
        md.append(pause
                ? "A client refused with `unavailable` holds all its sends for the pause it was given, then sends them in order"
                : "A client refused with `unavailable` retries that send after the pause and sends the others as typed");
        md.append(pause && c.path("rampAfterHold").asBoolean(false)
                ? ", a few at a time (the first refusal of a hold halves how many may be unanswered, each ack lets one more go)" : "");
        double giveUp = c.path("giveUpAfter").asDouble();
        // runs before the ramp (no such key) counted the give-up from the first refusal only
        String counted = c.has("rampAfterHold") ? "refused or held back" : "refused";
        md.append(giveUp > 0 ? String.format(Locale.ROOT, "; it gives up a send %s for %.0f s.\n\n", counted, giveUp)
                : "; it retries every send until acked.\n\n");
        md.append("| offered msgs/s | done msgs/s | ack p50 / p99 ms | delivery p50 / p99 ms | sustained (p99 ≤ 250 ms, ≥ 95 % done) "
                + "| sends shed (`unavailable`, retried) | ack p50 / p99 ms of the admitted attempt |\n|---|---|---|---|---|---|---|\n");
        for (JsonNode s : r.path("steps")) {
            if (s.has("delivery_p50_ms")) {
                String step = s.path("step").asText();
                long abandoned = s.path("abandoned").asLong();
                md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f / %.0f | %.0f / %.0f | %s | %s | %.0f / %.0f |%n",
                        s.path("offered_per_second").asInt() + label(step),
                        s.path("done_per_second").asDouble(),
                        s.path("ack_p50_ms").asDouble(), s.path("ack_p99_ms").asDouble(),
                        s.path("delivery_p50_ms").asDouble(), s.path("delivery_p99_ms").asDouble(),
                        s.path("sustained").asBoolean() ? "yes" : "no",
                        s.path("refusals").asLong() + (abandoned > 0 ? " (" + abandoned + " sends given up)" : ""),
                        s.path("admitted_ack_p50_ms").asDouble(), s.path("admitted_ack_p99_ms").asDouble()));
            }
        }
        edgeAcks(md, r);
        clientWaits(md, r);
        coldStart(md, r, c.path("warmUpRate").asInt());
        afterOverload(md, r.path("after_overload"));
        md.append("\n## CPU, % of one core, per process\n\n");
        Set<String> procs = new LinkedHashSet<>();
        r.path("steps").forEach(s -> s.path("cpu_cores").fieldNames().forEachRemaining(procs::add));
        table(md, r, procs, "cpu_cores", 100, "%.0f");
        if (r.path("config").path("serviceSettings").size() > 0) {
            md.append("\nService settings over the bench's own: `").append(r.path("config").path("serviceSettings")).append("`\n");
        }
        md.append("\nParley's own services (edge + topology + sinks), CPU ms per message:");
        for (JsonNode s : r.path("steps")) {
            if (s.path("offered").asLong() > 0) {
                md.append(String.format(Locale.ROOT, " %s: %.3f;", s.path("step").asText(),
                        s.path("parley_services_cpu_ms_per_message").asDouble()));
            }
        }
        md.append('\n');
        ThreadCpuReport.append(md, r);
        md.append("\n\n## Kafka offsets per message, by topic (markers and offset commits included)\n\n");
        Set<String> topics = new LinkedHashSet<>();
        r.path("steps").forEach(s -> s.path("kafka_offsets").fieldNames().forEachRemaining(topics::add));
        perMessage(md, r, topics, "kafka_offsets", "kafka_offsets_per_message");
        md.append("\n## Kafka broker requests per message, by API (all clients: producers, consumers, coordinators, "
                + "markers)\n\n");
        Set<String> apis = new LinkedHashSet<>();
        r.path("steps").forEach(s -> s.path("kafka_requests").fieldNames().forEachRemaining(apis::add));
        if (apis.isEmpty()) {
            md.append("Not read in this run (the broker's JMX meters could not be attached to).\n");
        } else {
            perMessage(md, r, apis, "kafka_requests", "kafka_requests_per_message");
        }
        md.append("\n## CQL writes per message, by table\n\n");
        Set<String> tables = new LinkedHashSet<>();
        r.path("steps").forEach(s -> s.path("cql_writes").fieldNames().forEachRemaining(tables::add));
        perMessage(md, r, tables, "cql_writes", "cql_writes_per_message");
        return md.toString();
    }

    /**
     * The acks of the admitted sends seen from both ends, for the steps the edge was read in: the
     * clients' figures hold the way between client and edge (their own lag on the same cores
     * included), which the probes' pings measure alone, and the edge's timer holds the rest.
     */
    private static void edgeAcks(StringBuilder md, JsonNode r) {
        boolean any = false;
        for (JsonNode s : r.path("steps")) {
            JsonNode e = s.path("edge_acks");
            if (e.isMissingNode() || e.path("acks").asLong() == 0) {
                continue;
            }
            if (!any) {
                md.append("\nThe admitted sends' acks from both ends: as the clients saw them (from the attempt), the round trip "
                        + "of the probes' pings in the same step (a tenth of the senders, at most 50, one ping every 250 ms on "
                        + "the socket they send on: the way between client and edge, no Kafka or Redis), and the edge's own timer "
                        + "(`parley_edge_send_ack_seconds`: from a send's admission to its ack written to the socket) as "
                        + "fractions within its buckets:\n\n"
                        + "| step | clients: ack p50 / p99 ms | clients: ping round trip p50 / p99 ms | edge: acks written "
                        + "| within 100 ms | 250 ms | 500 ms | 1 s | 2.5 s |\n|---|---|---|---|---|---|---|---|---|\n");
                any = true;
            }
            JsonNode w = e.path("within_ms");
            md.append(String.format(Locale.ROOT, "| %s | %.0f / %.0f | %.0f / %.0f | %d | %.2f %% | %.2f %% | %.2f %% | %.2f %% "
                            + "| %.2f %% |%n",
                    s.path("step").asText(), s.path("admitted_ack_p50_ms").asDouble(), s.path("admitted_ack_p99_ms").asDouble(),
                    s.path("ping_rtt_p50_ms").asDouble(), s.path("ping_rtt_p99_ms").asDouble(), e.path("acks").asLong(),
                    100 * w.path("100").asDouble(), 100 * w.path("250").asDouble(), 100 * w.path("500").asDouble(),
                    100 * w.path("1000").asDouble(), 100 * w.path("2500").asDouble()));
        }
    }

    /**
     * Where the sends of the steps with refusals waited before the attempt that was admitted: a user's
     * ack latency is that wait plus the admitted attempt's own.
     */
    private static void clientWaits(StringBuilder md, JsonNode r) {
        boolean any = false;
        for (JsonNode s : r.path("steps")) {
            if (s.path("refusals").asLong() == 0 || !s.has(PhaseStats.Wait.FIRST_ATTEMPT.key + "_p99_ms")) {
                continue;
            }
            if (!any) {
                md.append("\nWhere the sends waited in the clients, from the user's send (p50 / p99 ms): until the load driver "
                        + "handed it to its client, until its client first tried it (held back meanwhile, by a hold or the "
                        + "window after one), and until the attempt that was admitted; and how long the clients' 100 ms "
                        + "sweep (resends) took:\n\n| step | handed over | first attempt | admitted attempt | sweep |\n"
                        + "|---|---|---|---|---|\n");
                any = true;
            }
            md.append("| ").append(s.path("step").asText());
            for (PhaseStats.Wait w : PhaseStats.Wait.values()) {
                md.append(" | ").append(p50p99(s, w.key));
            }
            md.append(" |\n");
        }
    }

    /** {@code <name>_p50_ms / <name>_p99_ms}, or a dash for a run that did not measure it. */
    private static String p50p99(JsonNode s, String name) {
        return s.has(name + "_p99_ms") ? String.format(Locale.ROOT, "%.0f / %.0f", s.path(name + "_p50_ms").asDouble(),
                s.path(name + "_p99_ms").asDouble()) : "–";
    }

    /** The warm-up right after start, against issue 11's cold-start target (p99 within the limit from 30 s after ready). */
    private static void coldStart(StringBuilder md, JsonNode r, int rate) {
        JsonNode cs = r.path("cold_start");
        if (cs.isMissingNode()) {
            return;
        }
        long settled = cs.path("settled_at_second").asLong();
        md.append("\n## Cold start (seconds from the stack reporting ready)\n\n");
        JsonNode warm = r.path("stack_warm_up");
        if (warm.isObject()) {
            md.append(String.format(Locale.ROOT, "The stack warmed itself before ready, as `./parley up` does: %s after "
                    + "%.1f s (%d messages sent, %d delivered, p99 of the last 10 s %.0f ms); ready %.1f s after the "
                    + "start began.%n%n", warm.path("settled").asBoolean() ? "settled" : "stopped unsettled",
                    warm.path("took").asDouble(), warm.path("sent").asLong(), warm.path("delivered").asLong(),
                    warm.path("lastP99Ms").asDouble(), r.path("stack_ready_seconds").asDouble()));
        } else {
            md.append("The stack did not warm itself before ready (`bench.pairs.stack-warm-up` 0).\n\n");
        }
        md.append(String.format(Locale.ROOT, "Users and conversations set up through auth by %.1f s, every client connected by %.1f s, warm-up "
                + "at %d msgs/s from %.1f s to %.1f s. Delivery p99 per second stayed within the limit from %s. "
                + "From second %d to the warm-up's end: delivery p50 / p99 %.0f / %.0f ms.%n%n",
                cs.path("populated_seconds").asDouble(), cs.path("connected_seconds").asDouble(), rate,
                cs.path("warm_up_start_seconds").asDouble(), cs.path("warm_up_end_seconds").asDouble(),
                settled < 0 ? "no second on (still over at the warm-up's end)" : "second " + settled,
                cs.path("target_from_second").asLong(), cs.path("delivery_p50_ms_from_target").asDouble(),
                cs.path("delivery_p99_ms_from_target").asDouble()));
        JsonNode cores = cs.path("cpu_cores");
        Set<String> parts = new java.util.TreeSet<>();
        cores.forEach(w -> w.fieldNames().forEachRemaining(parts::add));
        md.append("| cores | until connected | warm-up, first 30 s | warm-up, after 30 s |\n|---|---|---|---|\n");
        for (String part : parts) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |%n", part,
                    cores.path("until_connected").path(part).asDouble(), cores.path("warm_up_first_30s").path(part).asDouble(),
                    cores.path("warm_up_after_30s").path(part).asDouble()));
        }
        connectStorm(md, cs.path("connect_storm"));
    }

    /** What a step other than a measured rate was for, after its offered rate. */
    private static String label(String step) {
        if (step.startsWith("after-")) {
            return " (right after " + step.substring("after-".length()) + ")";
        }
        return step.startsWith("warming-") ? " (warming the stack, before the idle step)" : "";
    }

    /** How soon the step after the last (overload) step was back within the limit; the issue asks for 5 s. */
    private static void afterOverload(StringBuilder md, JsonNode a) {
        if (a.isMissingNode()) {
            return;
        }
        double recovery = a.path("recovery_seconds").asDouble();
        md.append(String.format(Locale.ROOT, "%n## After the overload%n%nRight after the %d msgs/s step (no wait for its backlog), %d msgs/s: "
                + "the per-second delivery p99 was within the limit for good %s (target: %d s). From %d s after the "
                + "overload's end to the step's end: delivery p50 / p99 %.0f / %.0f ms.%n",
                a.path("overload_rate").asInt(), a.path("after_rate").asInt(),
                recovery < 0 ? "at no second of the step" : String.format(Locale.ROOT, "**%.1f s** after the overload's last send", recovery),
                a.path("target_seconds").asInt(), a.path("target_seconds").asInt(),
                a.path("delivery_p50_ms_from_target").asDouble(), a.path("delivery_p99_ms_from_target").asDouble()));
    }

    /** Per connect: CPU by process and the CQL reads, while connecting and in the warm-up after it. */
    private static void connectStorm(StringBuilder md, JsonNode storm) {
        if (storm.isMissingNode()) {
            return;
        }
        md.append(String.format(Locale.ROOT, "%nThe connect storm: %d clients in %.1f s (%.0f a second). CPU ms per connect: %s. "
                + "CQL reads per connect while connecting: %s; in the warm-up after it: %s.%n",
                storm.path("clients").asInt(), storm.path("seconds").asDouble(), storm.path("connects_per_second").asDouble(),
                perPart(storm.path("cpu_ms_per_connect")), perPart(storm.path("cql_reads_per_connect_while_connecting")),
                perPart(storm.path("cql_reads_per_connect_in_warm_up"))));
    }

    private static String perPart(JsonNode values) {
        StringBuilder out = new StringBuilder();
        values.fields().forEachRemaining(e -> out.append(out.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
                .append(String.format(Locale.ROOT, "%.2f", e.getValue().asDouble())));
        return out.isEmpty() ? "none" : out.toString();
    }

    private static void table(StringBuilder md, JsonNode r, Set<String> rows, String field, double scale, String format) {
        header(md, r, "process");
        for (String row : rows) {
            md.append("| ").append(row);
            for (JsonNode s : r.path("steps")) {
                md.append(" | ").append(String.format(Locale.ROOT, format, s.path(field).path(row).asDouble() * scale));
            }
            md.append(" |\n");
        }
        md.append("| all");
        r.path("steps").forEach(s -> md.append(" | ").append(String.format(Locale.ROOT, format, s.path("all_cores").asDouble() * scale)));
        md.append(" |\n");
    }

    private static void perMessage(StringBuilder md, JsonNode r, Set<String> rows, String field, String total) {
        header(md, r, "");
        for (String row : rows) {
            md.append("| ").append(row);
            for (JsonNode s : r.path("steps")) {
                long messages = Math.max(1, s.path("messages_written").asLong());
                md.append(" | ").append(s.path("offered").asLong() == 0 ? s.path(field).path(row).asLong() + " in all"
                        : String.format(Locale.ROOT, "%.2f", s.path(field).path(row).asDouble() / messages));
            }
            md.append(" |\n");
        }
        md.append("| **per message**");
        r.path("steps").forEach(s -> md.append(" | **").append(String.format(Locale.ROOT, "%.2f", s.path(total).asDouble())).append("**"));
        md.append(" |\n");
    }

    private static void header(StringBuilder md, JsonNode r, String first) {
        md.append("| ").append(first);
        Iterator<JsonNode> it = r.path("steps").elements();
        int n = 0;
        while (it.hasNext()) {
            md.append(" | ").append(it.next().path("step").asText());
            n++;
        }
        md.append(" |\n|---").append("|---".repeat(n)).append("|\n");
    }
}
