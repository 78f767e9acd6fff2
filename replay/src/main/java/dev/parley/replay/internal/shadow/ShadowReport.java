package dev.parley.replay.internal.shadow;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.parley.common.json.Json;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The outcome of {@code parley replay shadow compare}: the shadow run's output against the live
 * log, per conversation.
 *
 * @param conversations      every conversation seen (messages on either side or a retained send), by id
 * @param messagesCompared   seqs compared, over the compared conversations
 * @param outcomesCompared   sends whose outcomes were compared
 * @param outcomesFrom       sends from this time on had their outcomes compared (older live replies
 *                           may be deleted already); null when the live log has no replies
 * @param sendsUntil         sends received after this were left out (the shadow run's snapshot); null for none
 * @param leftOut            records left out for that: messages, replies and commands of both sides
 * @param liveOtherReplies   live replies that are not a send's outcome (e.g. a refused read): not compared
 * @param shadowOtherReplies the same for the shadow run
 * @param undecodable        records that could not be decoded, per topic
 */
public record ShadowReport(List<ConversationResult> conversations, long messagesCompared, long outcomesCompared,
                           Instant outcomesFrom, Instant sendsUntil, long leftOut, long liveOtherReplies, long shadowOtherReplies,
                           Map<String, Long> undecodable) {
    /** Divergence lines printed per conversation; the JSON has all of them. */
    static final int LINES_PER_CONVERSATION = 5;

    public ShadowReport {
        conversations = List.copyOf(conversations);
        undecodable = Map.copyOf(undecodable);
    }

    public long compared() {
        return count(ConversationResult.Status.COMPARED);
    }

    public long notComparable() {
        return count(ConversationResult.Status.NOT_COMPARABLE);
    }

    /** How many conversations were left out, per reason. */
    public SortedMap<String, Long> notComparableByReason() {
        SortedMap<String, Long> byReason = new TreeMap<>();
        notComparableList().forEach(c -> byReason.merge(c.reason(), 1L, Long::sum));
        return byReason;
    }

    public List<ConversationResult> divergentConversations() {
        return conversations.stream().filter(ConversationResult::divergent).toList();
    }

    public List<Divergence> divergences() {
        return conversations.stream().flatMap(c -> c.divergences().stream()).toList();
    }

    /** Whether the shadow run decided anything differently from the live topology. */
    public boolean divergent() {
        return conversations.stream().anyMatch(ConversationResult::divergent);
    }

    /**
     * The divergent conversations (at most {@code maxLines}, each with a few of its divergences), the
     * not comparable ones (at most {@code maxLines}), then the totals; the last line is
     * {@code shadow: N conversations compared, M not comparable, D divergences in K conversations}.
     */
    public void print(PrintStream out, int maxLines) {
        int max = Math.max(maxLines, 0);
        List<ConversationResult> divergent = divergentConversations();
        divergent.stream().limit(max).forEach(c -> {
            out.println(c.conversationId() + ": " + c.divergences().size() + " divergences (" + c.liveMessages()
                    + " live messages, " + c.shadowMessages() + " shadow)");
            c.divergences().stream().limit(LINES_PER_CONVERSATION).forEach(d -> out.println("  " + d.line()));
            more(out, "  ", c.divergences().size() - LINES_PER_CONVERSATION);
        });
        more(out, "", divergent.size() - max);
        List<ConversationResult> left = notComparableList();
        left.stream().limit(max).forEach(c -> out.println("not comparable: " + c.conversationId() + ": " + c.reason()));
        more(out, "", left.size() - max);
        notComparableByReason().forEach((reason, n) -> out.println("not comparable, " + reason + ": " + n));
        out.println("compared " + messagesCompared + " messages and the outcomes of " + outcomesCompared + " sends"
                + (outcomesFrom == null ? " (no live replies: no outcome compared)" : " sent since " + outcomesFrom));
        if (sendsUntil != null) {
            out.println("left out " + leftOut + " records of sends received after " + sendsUntil);
        }
        if (liveOtherReplies + shadowOtherReplies > 0) {
            out.println("not compared: replies that answer no send: " + liveOtherReplies + " live, "
                    + shadowOtherReplies + " shadow");
        }
        new TreeMap<>(undecodable).forEach((topic, n) -> out.println("undecodable records in " + topic + ": " + n));
        out.println("shadow: " + compared() + " conversations compared, " + notComparable() + " not comparable, "
                + divergences().size() + " divergences in " + divergent.size() + " conversations");
    }

    /**
     * The report as one JSON object, for scripts: the totals and the conversations that diverge or
     * were not compared (the others agree, and there may be millions of them).
     */
    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(new JsonView(divergent(), compared(), notComparable(),
                    notComparableByReason(), divergences().size(), divergentConversations().size(), messagesCompared,
                    outcomesCompared, outcomesFrom, sendsUntil, leftOut, Map.of("live", liveOtherReplies, "shadow", shadowOtherReplies),
                    new TreeMap<>(undecodable), conversations.stream()
                    .filter(c -> c.divergent() || c.status() == ConversationResult.Status.NOT_COMPARABLE).toList()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }

    record JsonView(boolean divergent, long compared, long notComparable, Map<String, Long> notComparableByReason,
                    long divergences, long divergentConversations, long messagesCompared, long outcomesCompared,
                    Instant outcomesFrom, Instant sendsUntil, long leftOut, Map<String, Long> otherReplies, Map<String, Long> undecodable,
                    List<ConversationResult> conversations) {
    }

    private List<ConversationResult> notComparableList() {
        return conversations.stream().filter(c -> c.status() == ConversationResult.Status.NOT_COMPARABLE).toList();
    }

    private long count(ConversationResult.Status status) {
        return conversations.stream().filter(c -> c.status() == status).count();
    }

    private static void more(PrintStream out, String indent, long n) {
        if (n > 0) {
            out.println(indent + "... and " + n + " more");
        }
    }
}
