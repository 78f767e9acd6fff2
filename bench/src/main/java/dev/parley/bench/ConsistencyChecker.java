package dev.parley.bench;

import dev.parley.bench.RunLog.Acked;
import dev.parley.bench.RunLog.Received;
import dev.parley.bench.RunLog.Sent;
import dev.parley.bench.RunLog.Stored;
import dev.parley.bench.Violation.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a run's client logs against history, guarantee by guarantee of the contract (PROTOCOL.md):
 * <ul>
 *   <li>every acked send is in history exactly once, under the acked seq and messageId (2, 3);</li>
 *   <li>no send, acked or not, is in history twice (2); every send was acked in the end (the
 *       clients retry until the run ends, so a missing ack means the system lost the send),
 *       except one its client gave up after refusals, which may be in history once or not at all
 *       (an earlier attempt may have been stored while its ack was lost);</li>
 *   <li>each conversation's history is seq 1, 2, 3, … without gap or repeat (1);</li>
 *   <li>each WebSocket session got each conversation's messages in increasing seq (1, 4);</li>
 *   <li>live frames plus catch-up give every device every message of every conversation it
 *       follows, with history's messageId under each seq (4, 5).</li>
 * </ul>
 * Pure: no I/O, no clock; the same log gives the same violations in the same order.
 */
public final class ConsistencyChecker {

    public List<Violation> check(RunLog log) {
        List<Violation> out = new ArrayList<>();
        Map<String, List<Stored>> bySend = historyBySend(log);
        checkHistory(log, out);
        checkAcks(log, bySend, out);
        checkSends(log, bySend, out);
        checkSessionOrder(log, out);
        checkCoverage(log, out);
        return out;
    }

    private static Map<String, List<Stored>> historyBySend(RunLog log) {
        Map<String, List<Stored>> m = new HashMap<>();
        log.history().values().forEach(msgs -> msgs.forEach(
                s -> m.computeIfAbsent(sendKey(s.senderId(), s.clientMsgId()), k -> new ArrayList<>()).add(s)));
        return m;
    }

    private static void checkHistory(RunLog log, List<Violation> out) {
        for (String conversation : new TreeSet<>(log.history().keySet())) {
            TreeSet<Long> seen = new TreeSet<>();
            List<Long> repeated = new ArrayList<>();
            for (Stored s : log.history().get(conversation)) {
                if (!seen.add(s.seq())) {
                    repeated.add(s.seq());
                }
            }
            if (!repeated.isEmpty()) {
                out.add(new Violation(Kind.SEQ_REPEATED, conversation, repeated, ""));
            }
            List<Long> missing = new ArrayList<>();
            long last = seen.isEmpty() ? 0 : seen.last();
            for (long s = 1; s <= last; s++) {
                if (!seen.contains(s)) {
                    missing.add(s);
                }
            }
            if (!missing.isEmpty()) {
                out.add(new Violation(Kind.GAP, conversation, missing, "history ends at seq " + last));
            }
        }
    }

    private static void checkAcks(RunLog log, Map<String, List<Stored>> bySend, List<Violation> out) {
        Map<String, Acked> first = new LinkedHashMap<>();
        for (Acked a : log.acks()) {
            String key = sendKey(a.senderId(), a.clientMsgId());
            Acked earlier = first.putIfAbsent(key, a);
            if (earlier != null && (earlier.seq() != a.seq() || !earlier.messageId().equals(a.messageId()))) {
                out.add(new Violation(Kind.ACKS_DISAGREE, a.conversationId(), List.of(earlier.seq(), a.seq()),
                        "sender " + a.senderId() + " clientMsgId " + a.clientMsgId()));
            }
        }
        for (Acked a : first.values()) {
            List<Stored> stored = bySend.getOrDefault(sendKey(a.senderId(), a.clientMsgId()), List.of());
            String who = "sender " + a.senderId() + " clientMsgId " + a.clientMsgId();
            if (stored.isEmpty()) {
                out.add(new Violation(Kind.ACKED_MISSING, a.conversationId(), List.of(a.seq()), who));
            } else if (stored.size() == 1 && (stored.getFirst().seq() != a.seq()
                    || !stored.getFirst().messageId().equals(a.messageId()))) {
                out.add(new Violation(Kind.ACK_MISMATCH, a.conversationId(), List.of(a.seq(), stored.getFirst().seq()),
                        who + ": acked seq " + a.seq() + " messageId " + a.messageId() + ", history seq "
                                + stored.getFirst().seq() + " messageId " + stored.getFirst().messageId()));
            }
        }
    }

    private static void checkSends(RunLog log, Map<String, List<Stored>> bySend, List<Violation> out) {
        Map<String, Boolean> acked = new HashMap<>();
        log.acks().forEach(a -> acked.put(sendKey(a.senderId(), a.clientMsgId()), true));
        Set<String> abandoned = new HashSet<>();
        log.abandoned().forEach(a -> abandoned.add(sendKey(a.senderId(), a.clientMsgId())));
        Map<String, Sent> sends = new LinkedHashMap<>();
        log.sends().forEach(s -> sends.putIfAbsent(sendKey(s.senderId(), s.clientMsgId()), s));
        Set<String> logged = new HashSet<>(sends.keySet());
        // Sends in history that no client logged (should not happen) are checked for repeats too.
        bySend.forEach((key, stored) -> sends.computeIfAbsent(key, k -> new Sent(stored.getFirst().senderId(),
                stored.getFirst().clientMsgId(), stored.getFirst().conversationId())));
        for (Map.Entry<String, Sent> e : sends.entrySet()) {
            Sent s = e.getValue();
            List<Stored> stored = bySend.getOrDefault(e.getKey(), List.of());
            String who = "sender " + s.senderId() + " clientMsgId " + s.clientMsgId();
            if (stored.size() > 1) {
                out.add(new Violation(Kind.SENT_TWICE, s.conversationId(), stored.stream().map(Stored::seq).toList(),
                        who + (acked.containsKey(e.getKey()) ? " (acked)" : " (never acked)")));
            }
            if (!acked.containsKey(e.getKey()) && logged.contains(e.getKey()) && !abandoned.contains(e.getKey())) {
                out.add(new Violation(Kind.NEVER_ACKED, s.conversationId(), stored.stream().map(Stored::seq).toList(),
                        who + (stored.isEmpty() ? ", not in history" : ", in history")));
            }
        }
    }

    private static void checkSessionOrder(RunLog log, List<Violation> out) {
        Map<String, Long> lastBySessionConversation = new HashMap<>();
        for (Received r : log.receipts()) {
            if (!r.live()) {
                continue;
            }
            String key = r.sessionId() + "\u0000" + r.conversationId();
            Long previous = lastBySessionConversation.get(key);
            if (previous != null && r.seq() <= previous) {
                Kind kind = r.seq() == previous ? Kind.DUPLICATE_DELIVERY : Kind.OUT_OF_ORDER;
                out.add(new Violation(kind, r.conversationId(), List.of(previous, r.seq()),
                        "device " + r.deviceId() + " session " + r.sessionId()));
            }
            if (previous == null || r.seq() > previous) {
                lastBySessionConversation.put(key, r.seq());
            }
        }
    }

    private static void checkCoverage(RunLog log, List<Violation> out) {
        Map<String, Map<Long, String>> got = new HashMap<>();
        Map<String, Map<Long, String>> historyIds = new HashMap<>();
        log.history().forEach((c, msgs) -> {
            Map<Long, String> ids = new HashMap<>();
            msgs.forEach(s -> ids.putIfAbsent(s.seq(), s.messageId()));
            historyIds.put(c, ids);
        });
        for (Received r : log.receipts()) {
            String key = r.deviceId() + "\u0000" + r.conversationId();
            String before = got.computeIfAbsent(key, k -> new HashMap<>()).putIfAbsent(r.seq(), r.messageId());
            String stored = historyIds.getOrDefault(r.conversationId(), Map.of()).get(r.seq());
            if (before == null && stored != null && !stored.equals(r.messageId())) {
                out.add(new Violation(Kind.CONTENT_MISMATCH, r.conversationId(), List.of(r.seq()),
                        "device " + r.deviceId() + " got messageId " + r.messageId() + ", history has " + stored
                                + (r.live() ? " (live)" : " (catch-up)")));
            }
        }
        for (String device : new TreeSet<>(log.devices().keySet())) {
            for (String conversation : log.devices().get(device)) {
                Map<Long, String> mine = got.getOrDefault(device + "\u0000" + conversation, Map.of());
                List<Long> missing = new ArrayList<>();
                for (Stored s : log.history().getOrDefault(conversation, List.of())) {
                    if (!mine.containsKey(s.seq())) {
                        missing.add(s.seq());
                    }
                }
                if (!missing.isEmpty()) {
                    out.add(new Violation(Kind.NOT_DELIVERED, conversation, missing, "device " + device));
                }
            }
        }
    }

    private static String sendKey(String senderId, String clientMsgId) {
        return senderId + "\u0000" + clientMsgId;
    }
}
