package dev.parley.bench;

import java.util.List;

/**
 * One broken guarantee, named by what broke and where.
 *
 * @param kind           what broke
 * @param conversationId the conversation
 * @param seqs           the seqs involved (missing ones, the pair out of order, the repeated one, …)
 * @param detail         who and which ids, for a person to look up
 */
public record Violation(Kind kind, String conversationId, List<Long> seqs, String detail) {

    public Violation {
        seqs = List.copyOf(seqs);
    }

    public enum Kind {
        /** An acked send is not in history. */
        ACKED_MISSING,
        /** A send is in history more than once (acked or not). */
        SENT_TWICE,
        /** History holds the acked send under another seq or messageId than the ack said. */
        ACK_MISMATCH,
        /** Two acks of one send disagree. */
        ACKS_DISAGREE,
        /** A send that its client retried until the end of the run was never acked. */
        NEVER_ACKED,
        /** History's seqs of a conversation are not 1, 2, 3, …: these are missing. */
        GAP,
        /** History holds a seq twice. */
        SEQ_REPEATED,
        /** A session received a seq not above the one before it (lower). */
        OUT_OF_ORDER,
        /** A session received the same seq twice. */
        DUPLICATE_DELIVERY,
        /** A device got neither live nor by catch-up these seqs of a conversation it follows. */
        NOT_DELIVERED,
        /** A device got under a seq another message than history holds there. */
        CONTENT_MISMATCH
    }

    @Override
    public String toString() {
        return kind + " " + conversationId + " seqs " + seqs + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
