package dev.parley.topology.internal;

import dev.parley.common.event.Delivery;
import dev.parley.common.event.Origin;
import dev.parley.common.frame.ServerFrame;
import java.util.ArrayList;
import java.util.List;

/** Splits recipients into {@link Delivery} records of at most {@link Delivery#MAX_RECIPIENTS}. */
public final class Fanout {
    private Fanout() {
    }

    public static List<Delivery> chunks(String conversationId, List<String> recipients, ServerFrame frame) {
        return chunks(conversationId, recipients, frame, null, null);
    }

    /**
     * The same, the chunk that lists {@code sender} carrying {@code ackTo} (see {@link Delivery}); when
     * no chunk lists it, none does.
     */
    public static List<Delivery> chunks(String conversationId, List<String> recipients, ServerFrame frame,
                                        String sender, Origin ackTo) {
        List<Delivery> out = new ArrayList<>((recipients.size() + Delivery.MAX_RECIPIENTS - 1) / Delivery.MAX_RECIPIENTS);
        // The first chunk that lists the sender (a sender listed twice is acked once).
        int acking = ackTo == null ? -1 : recipients.indexOf(sender);
        for (int from = 0; from < recipients.size(); from += Delivery.MAX_RECIPIENTS) {
            int to = Math.min(recipients.size(), from + Delivery.MAX_RECIPIENTS);
            boolean acks = acking >= from && acking < to;
            out.add(new Delivery(conversationId, recipients.subList(from, to), frame, acks ? ackTo : null));
        }
        return out;
    }

    public static List<String> othersThan(List<String> members, String userId) {
        return members.stream().filter(m -> !m.equals(userId)).toList();
    }
}
