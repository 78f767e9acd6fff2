package dev.parley.common.event;

import dev.parley.common.frame.ServerFrame;
import java.util.List;

/**
 * A frame for a set of recipients, on {@code parley.deliveries.v1} keyed by conversation.
 * The topology splits a large conversation's recipients into chunks of at most
 * {@link #MAX_RECIPIENTS}, so a message to a 10,000-member group costs ten records; the delivery
 * router then publishes once per edge node that holds any of a chunk's recipients.
 */
public record Delivery(String conversationId, List<String> recipients, ServerFrame frame) {
    public static final int MAX_RECIPIENTS = 1000;

    public Delivery {
        recipients = List.copyOf(recipients);
    }
}
