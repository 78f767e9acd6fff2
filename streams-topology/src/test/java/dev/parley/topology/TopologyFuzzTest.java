package dev.parley.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.Command;
import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Origin;
import dev.parley.common.event.ReadCommand;
import dev.parley.common.event.Reply;
import dev.parley.common.event.SendCommand;
import dev.parley.common.event.TypingCommand;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.json.Json;
import dev.parley.common.topic.Topics;
import dev.parley.testkit.fuzz.FuzzCampaign;
import dev.parley.testkit.fuzz.Hostile;
import dev.parley.topology.internal.CommandValidator;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile raw records on every input topic of the whole topology, each followed by a good send:
 * nothing escapes the driver, each hostile record is refused to its session, dead-lettered, or was
 * in fact a valid record; every output is strict UTF-8 JSON with well-formed strings; and the good
 * send always gets the next gap-free seq (no stage is stuck). {@code -Dparley.fuzz.inputs} sets the
 * number of inputs (the {@code fuzz} profile runs 1,000,000+).
 */
class TopologyFuzzTest {
    static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
    static final Origin ORIGIN = new Origin("node-alice", "session-alice");
    static final String GOOD_USER = "fz-good-user";
    static final String GOOD_CONVERSATION = "fz-good-conversation";
    static final List<String> COMMAND_SEEDS = List.of(
            Json.write(new SendCommand("alice", "c1", "x-1", "m-1", "hello 😀", ORIGIN, T)),
            Json.write(new ReadCommand("alice", "c1", 3, ORIGIN, T)),
            Json.write(new TypingCommand("alice", "c1", ORIGIN, T)));
    static final List<String> MEMBERSHIP_SEEDS = List.of(
            Json.write(new ConversationMembers("c1", "group", "t", List.of("alice", "bob"), 7, T)));

    @TempDir
    Path stateDir;

    /** One hostile record: which input topic, and the bytes. */
    record Input(int topic, byte[] value) {
        @Override
        public String toString() {
            return "topic " + topic + ": " + HexFormat.of().formatHex(value);
        }
    }

    static Input generate(SplittableRandom r) {
        int topic = r.nextInt(4);
        List<String> seeds = topic == 2 ? MEMBERSHIP_SEEDS : COMMAND_SEEDS;
        return new Input(topic, switch (r.nextInt(3)) {
            case 0 -> Hostile.bytes(r, seeds);
            case 1 -> Hostile.document(r, seeds).getBytes(StandardCharsets.UTF_8);
            default -> withHostileField(r, seeds.get(r.nextInt(seeds.size())));
        });
    }

    /** A valid seed with one string field's value replaced by a hostile string: reaches the validator. */
    static byte[] withHostileField(SplittableRandom r, String seed) {
        String[] fields = {"userId", "conversationId", "clientMsgId", "messageId", "body", "nodeId", "sessionId",
            "kind", "title"};
        String field = "\"" + fields[r.nextInt(fields.length)] + "\":\"";
        int at = seed.indexOf(field);
        if (at < 0) {
            return seed.getBytes(StandardCharsets.UTF_8);
        }
        int start = at + field.length();
        int end = seed.indexOf('"', start);
        return (seed.substring(0, start - 1) + Hostile.quote(Hostile.string(r)) + seed.substring(end + 1))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void hostileRecordsOnEveryInputTopicNeverStopTheTopology() {
        try (Harness h = new Harness(stateDir)) {
            h.members(GOOD_CONVERSATION, 1, GOOD_USER);
            List<TestInputTopic<String, byte[]>> inputs = List.of(h.rawCommands, h.rawByConversation, h.rawMemberships,
                    h.rawEdgeCommands);
            Outputs out = new Outputs(h);
            long[] seq = {0};
            int[] n = {0};
            int[] outcomes = new int[3]; // refused, dead-lettered, valid
            FuzzCampaign.run("topology", TopologyFuzzTest::generate, input -> {
                h.advance(Duration.ofMillis(200)); // the good sender stays within its rate limit
                inputs.get(input.topic()).pipeInput(input.topic() == 0 ? "alice" : "c1", input.value(), h.now());
                Outputs.Seen hostile = out.drain();
                if (hostile.refusals() == 0 && hostile.deadLetters() == 0) {
                    assertThat(isValid(input)).as("accepted without refusal or dead letter").isTrue();
                }
                outcomes[hostile.refusals() > 0 ? 0 : hostile.deadLetters() > 0 ? 1 : 2]++;
                h.send(GOOD_USER, GOOD_CONVERSATION, "good-" + n[0]++, "good");
                Reply ack = out.drain().replyTo(GOOD_USER);
                assertThat(ack.frame()).isInstanceOfSatisfying(AckFrame.class,
                        a -> assertThat(a.seq()).isEqualTo(++seq[0]));
            });
            System.out.printf("topology fuzz: %d refused to the session, %d dead-lettered only, %d valid%n",
                    outcomes[0], outcomes[1], outcomes[2]);
            assertThat(java.util.Arrays.stream(outcomes).min().orElse(0)).as("every path reached").isPositive();
        }
    }

    /** Whether the bytes are a record the topology must accept as it is (so silence is right). */
    static boolean isValid(Input input) {
        try {
            if (input.topic() == 2) {
                ConversationMembers m = Json.read(input.value(), ConversationMembers.class);
                return "c1".equals(m.conversationId()) && m.members().stream().allMatch(id -> CommandValidator.idProblem(id) == null);
            }
            Command c = Json.read(input.value(), Command.class);
            return c != null && CommandValidator.answerable(c) && CommandValidator.check(c) == null
                    && (input.topic() == 0 || "c1".equals(c.conversationId()));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Every output topic read raw, so what is checked is exactly what a consumer would get. */
    static final class Outputs {
        private final Harness h;
        private final List<TestOutputTopic<String, byte[]>> topics;
        private final TestOutputTopic<String, byte[]> deadLetters;

        /** The deliveries and replies are the harness's to drain: it reads the acks riding on deliveries. */
        Outputs(Harness h) {
            this.h = h;
            deadLetters = raw(h, Topics.DEAD_LETTERS.name());
            topics = List.of(raw(h, Topics.MESSAGES.name()), raw(h, Topics.READS.name()));
        }

        private static TestOutputTopic<String, byte[]> raw(Harness h, String topic) {
            return h.driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
        }

        record Seen(List<Reply> replies, int deadLetters) {
            int refusals() {
                return (int) replies.stream().filter(r -> r.frame() instanceof ErrorFrame).count();
            }

            Reply replyTo(String userId) {
                List<Reply> mine = replies.stream().filter(r -> userId.equals(r.userId())).toList();
                assertThat(mine).hasSize(1);
                return mine.getFirst();
            }
        }

        Seen drain() {
            for (TestOutputTopic<String, byte[]> t : topics) {
                t.readKeyValuesToList().forEach(Outputs::wellFormed);
            }
            List<KeyValue<String, byte[]>> letters = deadLetters.readKeyValuesToList();
            letters.forEach(Outputs::wellFormed);
            h.takeRaw().forEach(bytes -> wellFormed(KeyValue.pair(null, bytes)));
            h.deliveries.readValuesToList();
            return new Seen(h.replies.readValuesToList(), letters.size());
        }

        /** Strict UTF-8, exactly one JSON document, every string and field name well-formed. */
        static void wellFormed(KeyValue<String, byte[]> kv) {
            try {
                String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(kv.value)).toString();
                Json.readTree(text);
            } catch (CharacterCodingException e) {
                throw new AssertionError("output is not UTF-8: " + HexFormat.of().formatHex(kv.value), e);
            }
        }
    }
}
