package dev.parley.replay.internal.shadow;

import dev.parley.common.event.Delivery;
import dev.parley.common.event.Message;
import dev.parley.common.event.Reply;
import dev.parley.common.event.SendCommand;
import dev.parley.common.topic.Topic;
import dev.parley.common.topic.Topics;
import dev.parley.replay.internal.kafka.LogScan;
import dev.parley.topology.TopologyTopics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * {@code parley replay shadow compare}: reads a shadow run's messages and replies (the acks riding on
 * deliveries among them), the live ones and
 * the live commands (both versions), and compares them per conversation ({@link ShadowFold} has the rules). Meant
 * for after the shadow run processed its snapshot of the live commands; give it the snapshot time,
 * or sends in flight on either side show up as divergences.
 */
public final class ShadowCompare {
    private ShadowCompare() {
    }

    /**
     * @param kafkaProps consumer properties, {@code bootstrap.servers} at least
     * @param live       the live topics; its {@code commands} are the retained input of both sides
     * @param shadow     the shadow run's topics; only its messages, replies and deliveries are read
     * @throws IllegalStateException    when a topic does not exist or reading stalls
     * @throws IllegalArgumentException when the shadow topics are the live ones
     */
    public static ShadowReport compare(Map<String, Object> kafkaProps, TopologyTopics live, TopologyTopics shadow) {
        return compare(kafkaProps, live, shadow, null);
    }

    /**
     * As {@link #compare(Map, TopologyTopics, TopologyTopics)}, leaving out sends received after
     * {@code until}: the shadow run's snapshot time ({@link ShadowRunner.Outcome#snapshotAt()}), so
     * that what either side did after it is not taken for a divergence.
     *
     * @param until null to compare everything
     */
    public static ShadowReport compare(Map<String, Object> kafkaProps, TopologyTopics live, TopologyTopics shadow,
                                       Instant until) {
        if (shadow.messages().equals(live.messages()) || shadow.replies().equals(live.replies())) {
            throw new IllegalArgumentException("the shadow run's topics are the live ones: " + shadow.messages());
        }
        ShadowFold fold = new ShadowFold(until);
        // One scan: the end offsets of all eight topics are taken at the same moment.
        LogScan.read(kafkaProps, List.of(live.messages(), live.replies(), live.deliveries(), shadow.messages(),
                shadow.replies(), shadow.deliveries(), live.commands(), live.edgeCommands()),
                r -> fold(live, shadow, r, fold));
        return fold.report();
    }

    private static void fold(TopologyTopics live, TopologyTopics shadow, ConsumerRecord<byte[], byte[]> r,
                             ShadowFold fold) {
        if (r.value() == null) {
            return; // a tombstone carries no event: nothing to compare or to count
        }
        String topic = r.topic();
        long time = r.timestamp();
        if (topic.equals(live.messages())) {
            Message m = decode(Topics.MESSAGES, r, fold);
            if (m != null) {
                fold.liveMessage(m);
            }
        } else if (topic.equals(shadow.messages())) {
            Message m = decode(Topics.MESSAGES, r, fold);
            if (m != null) {
                fold.shadowMessage(m);
            }
        } else if (topic.equals(live.replies())) {
            Reply reply = decode(Topics.REPLIES, r, fold);
            if (reply != null) {
                fold.liveReply(reply, time, r.partition(), r.offset());
            }
        } else if (topic.equals(shadow.replies())) {
            Reply reply = decode(Topics.REPLIES, r, fold);
            if (reply != null) {
                fold.shadowReply(reply, time);
            }
        } else if (topic.equals(live.deliveries()) || topic.equals(shadow.deliveries())) {
            // The ack of a new message rides on its delivery; a delivery without one answers nothing.
            Delivery d = decode(Topics.DELIVERIES, r, fold);
            Reply reply = d == null ? null : d.ackReply();
            if (reply != null) {
                if (topic.equals(live.deliveries())) {
                    fold.liveReply(reply, time, topic, r.partition(), r.offset());
                } else {
                    fold.shadowReply(reply, time);
                }
            }
        } else if ((topic.equals(live.commands()) || topic.equals(live.edgeCommands()))
                && decode(Topics.COMMANDS, r, fold) instanceof SendCommand s) {
            fold.command(s, time);
        }
    }

    /** The value, or null after counting it as undecodable (JSON {@code null} and messages without their key fields too). */
    private static <V> V decode(Topic<String, V> as, ConsumerRecord<byte[], byte[]> r, ShadowFold fold) {
        V value;
        try {
            value = as.valueSerde().deserializer().deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            value = null;
        }
        if (value == null || value instanceof Message m && m.conversationId() == null) {
            fold.undecodable(r.topic());
            return null;
        }
        return value;
    }
}
