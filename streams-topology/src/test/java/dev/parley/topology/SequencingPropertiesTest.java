package dev.parley.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.Message;
import dev.parley.common.event.Reply;
import dev.parley.common.event.SendCommand;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.ErrorCode;
import dev.parley.common.frame.ErrorFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random interleavings of senders, conversations, retries and membership changes, checked against
 * a model: seqs are gap-free per conversation and every accepted (sender, clientMsgId) yields
 * exactly one message, whose ack every retry gets back.
 */
class SequencingPropertiesTest {
    static final List<String> USERS = List.of("u0", "u1", "u2", "u3");
    static final List<String> CONVERSATIONS = List.of("c0", "c1", "c2");

    sealed interface Op permits Send, Retry, Members {
    }

    record Send(String sender, String conversation) implements Op {
    }

    /** Sends again the n-th earlier send (modulo how many there were). */
    record Retry(int n) implements Op {
    }

    record Members(String conversation, Set<String> members) implements Op {
    }

    @Provide
    Arbitrary<List<Op>> scenarios() {
        Arbitrary<String> user = Arbitraries.of(USERS);
        Arbitrary<String> conversation = Arbitraries.of(CONVERSATIONS);
        Arbitrary<Op> send = Combinators.combine(user, conversation).as(Send::new);
        Arbitrary<Op> retry = Arbitraries.integers().between(0, 1000).map(Retry::new);
        Arbitrary<Op> members = Combinators.combine(conversation, Arbitraries.of(USERS).set().ofMaxSize(4))
                .as(Members::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, send), net.jqwik.api.Tuple.of(2, retry), net.jqwik.api.Tuple.of(2, members))
                .list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 25)
    void seqsAreGapFreeAndEachAcceptedSendIsOneMessage(@ForAll("scenarios") List<Op> ops) {
        Path dir = tempDir();
        try (Harness h = new Harness(dir)) {
            Model model = new Model();
            List<SendCommand> sent = new ArrayList<>();
            long version = 0;
            int counter = 0;
            for (Op op : ops) {
                h.advance(Duration.ofSeconds(1)); // one command per second per user stays under the rate limit
                switch (op) {
                    case Members m -> {
                        h.members(m.conversation(), ++version, List.copyOf(m.members()));
                        model.members.put(m.conversation(), m.members());
                    }
                    case Send s -> {
                        SendCommand c = h.send(s.sender(), s.conversation(), "cm-" + counter++, "hello");
                        sent.add(c);
                        model.attempt(c);
                    }
                    case Retry r -> {
                        if (sent.isEmpty()) {
                            continue;
                        }
                        SendCommand original = sent.get(r.n() % sent.size());
                        SendCommand retried = h.send(original.userId(), original.conversationId(),
                                original.clientMsgId(), original.body());
                        model.attempt(retried);
                    }
                }
            }
            check(model, h.messages.readValuesToList(), h.replies.readValuesToList());
        } finally {
            delete(dir);
        }
    }

    private static void check(Model model, List<Message> messages, List<Reply> replies) {
        Map<String, List<Long>> seqs = new HashMap<>();
        Map<String, Message> byKey = new HashMap<>();
        for (Message m : messages) {
            seqs.computeIfAbsent(m.conversationId(), k -> new ArrayList<>()).add(m.seq());
            assertThat(byKey.put(m.senderId() + "/" + m.clientMsgId(), m)).as("second message for a clientMsgId").isNull();
        }
        seqs.values().forEach(list -> assertThat(list)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, list.size()).boxed().toList()));
        assertThat(byKey.keySet()).isEqualTo(model.accepted);

        int notMember = 0;
        for (Reply r : replies) {
            if (r.frame() instanceof AckFrame ack) {
                Message m = byKey.get(r.userId() + "/" + ack.clientMsgId());
                assertThat(m).isNotNull();
                assertThat(ack).isEqualTo(new AckFrame(m.clientMsgId(), m.conversationId(), m.seq(), m.messageId(), m.sentAt()));
            } else if (r.frame() instanceof ErrorFrame e) {
                assertThat(e.code()).isEqualTo(ErrorCode.NOT_MEMBER);
                notMember++;
            }
        }
        assertThat(notMember).isEqualTo(model.refused);
        assertThat(replies).hasSize(model.attempts);
    }

    /** What the topology should decide, written as plainly as possible. */
    static final class Model {
        final Map<String, Set<String>> members = new HashMap<>();
        final Set<String> accepted = new HashSet<>();
        int refused;
        int attempts;

        void attempt(SendCommand c) {
            attempts++;
            String key = c.userId() + "/" + c.clientMsgId();
            if (accepted.contains(key)) {
                return;
            }
            if (members.getOrDefault(c.conversationId(), Set.of()).contains(c.userId())) {
                accepted.add(key);
            } else {
                refused++;
            }
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("parley-topology-prop-" + UUID.randomUUID());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
