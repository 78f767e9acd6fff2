package dev.parley.bench.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.json.Json;
import java.util.Map;

/**
 * What it costs the stack when every client connects at once (the cold start's connect storm, and
 * what a surviving edge takes on when another dies): CPU per connect by process and the CQL reads
 * the connects caused, per client. The reads go on after the sockets are open, since an edge looks
 * a user's presence peers up again a few seconds later; the pairs load itself reads nothing from
 * CQL, so the warm-up's reads are the connects' too.
 *
 * @param clients          sockets opened
 * @param whileConnecting  the cost meter's difference from just before the first connect to the last
 * @param warmUp           the same over the warm-up step that follows
 */
public record ConnectStorm(int clients, CostMeter.Snapshot whileConnecting, CostMeter.Snapshot warmUp) {

    /** The results document's {@code cold_start.connect_storm}. */
    public ObjectNode summarise() {
        double seconds = whileConnecting.nanos() / 1e9;
        ObjectNode o = Json.mapper().createObjectNode().put("clients", clients).put("seconds", seconds)
                .put("connects_per_second", seconds > 0 ? clients / seconds : 0);
        ObjectNode cpu = o.putObject("cpu_ms_per_connect");
        whileConnecting.cpuMs().forEach((part, ms) -> cpu.put(part, ms / Math.max(1, clients)));
        o.set("cql_reads_per_connect_while_connecting", perClient(whileConnecting.cqlReads()));
        o.set("cql_reads_per_connect_in_warm_up", perClient(warmUp.cqlReads()));
        return o;
    }

    private ObjectNode perClient(Map<String, Long> counts) {
        ObjectNode o = Json.mapper().createObjectNode();
        counts.forEach((table, n) -> o.put(table, (double) n / Math.max(1, clients)));
        return o;
    }
}
