package dev.parley.topology.internal;

import dev.parley.common.event.Delivery;
import dev.parley.common.frame.ServerFrame;
import java.util.ArrayList;
import java.util.List;

/** Splits recipients into {@link Delivery} records of at most {@link Delivery#MAX_RECIPIENTS}. */
public final class Fanout {
    private Fanout() {
    }

    public static List<Delivery> chunks(String conversationId, List<String> recipients, ServerFrame frame) {
        List<Delivery> out = new ArrayList<>((recipients.size() + Delivery.MAX_RECIPIENTS - 1) / Delivery.MAX_RECIPIENTS);
        for (int from = 0; from < recipients.size(); from += Delivery.MAX_RECIPIENTS) {
            int to = Math.min(recipients.size(), from + Delivery.MAX_RECIPIENTS);
            out.add(new Delivery(conversationId, recipients.subList(from, to), frame));
        }
        return out;
    }

    public static List<String> othersThan(List<String> members, String userId) {
        return members.stream().filter(m -> !m.equals(userId)).toList();
    }
}
