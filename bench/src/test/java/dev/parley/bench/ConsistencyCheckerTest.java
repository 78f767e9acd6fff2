package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bench.RunLog.Acked;
import dev.parley.bench.RunLog.Received;
import dev.parley.bench.RunLog.Sent;
import dev.parley.bench.RunLog.Stored;
import dev.parley.bench.Violation.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-made logs: a clean run of two users in one conversation, then the same run with one fault
 * each. Every fault must be reported with its conversation and seqs, and nothing else.
 */
class ConsistencyCheckerTest {
    private static final String C = "conv-1";
    private final ConsistencyChecker checker = new ConsistencyChecker();

    /** Alice (device a1) sends m1..m3, Bob (device b1) receives all three live; history holds 1..3. */
    private static final class Clean {
        final List<Sent> sends = new ArrayList<>();
        final List<Acked> acks = new ArrayList<>();
        final List<Received> receipts = new ArrayList<>();
        final List<Stored> history = new ArrayList<>();

        Clean() {
            for (int i = 1; i <= 3; i++) {
                sends.add(new Sent("alice", "m" + i, C));
                acks.add(new Acked("alice", "m" + i, C, i, "id" + i));
                history.add(new Stored(C, i, "id" + i, "alice", "m" + i));
                receipts.add(new Received("a1", "sa", C, i, "id" + i, true));
                receipts.add(new Received("b1", "sb", C, i, "id" + i, true));
            }
        }

        RunLog log() {
            return new RunLog(sends, acks, receipts, Map.of(C, history), Map.of("a1", List.of(C), "b1", List.of(C)));
        }
    }

    @Test
    void aSendItsClientGaveUpMayBeUnackedButNotStoredTwice() {
        Clean run = new Clean();
        run.sends.add(new Sent("alice", "m4", C)); // refused until given up, never stored
        run.sends.add(new Sent("alice", "m5", C)); // stored by an attempt whose ack was lost, then given up
        run.history.add(new Stored(C, 4, "id5", "alice", "m5"));
        run.receipts.add(new Received("a1", "sa", C, 4, "id5", true));
        run.receipts.add(new Received("b1", "sb", C, 4, "id5", true));
        List<Sent> gaveUp = List.of(new Sent("alice", "m4", C), new Sent("alice", "m5", C));
        RunLog log = new RunLog(run.sends, run.acks, run.receipts, Map.of(C, run.history),
                Map.of("a1", List.of(C), "b1", List.of(C)), gaveUp);
        assertThat(checker.check(log)).isEmpty();
        assertThat(checker.check(run.log())).as("the same sends, retried until the run ended: never acked")
                .extracting(Violation::kind).containsExactly(Kind.NEVER_ACKED, Kind.NEVER_ACKED);

        run.history.add(new Stored(C, 5, "id5b", "alice", "m5"));
        run.receipts.add(new Received("a1", "sa", C, 5, "id5b", true));
        run.receipts.add(new Received("b1", "sb", C, 5, "id5b", true));
        RunLog twice = new RunLog(run.sends, run.acks, run.receipts, Map.of(C, run.history),
                Map.of("a1", List.of(C), "b1", List.of(C)), gaveUp);
        assertThat(checker.check(twice)).extracting(Violation::kind).containsExactly(Kind.SENT_TWICE);
    }

    @Test
    void aCleanLogHasNoViolation() {
        assertThat(checker.check(new Clean().log())).isEmpty();
    }

    @Test
    void catchUpAfterAReconnectCoversWhatTheLiveStreamMissed() {
        Clean run = new Clean();
        run.receipts.removeIf(r -> r.deviceId().equals("b1") && r.seq() >= 2);
        run.receipts.add(new Received("b1", null, C, 2, "id2", false));
        run.receipts.add(new Received("b1", null, C, 3, "id3", false));
        // A new session after the reconnect starts again at seq 3: order is per session.
        run.receipts.add(new Received("b1", "sb2", C, 3, "id3", true));
        assertThat(checker.check(run.log())).isEmpty();
    }

    @Test
    void aGapInHistoryIsReportedWithTheMissingSeq() {
        Clean run = new Clean();
        run.history.removeIf(s -> s.seq() == 2);
        run.acks.removeIf(a -> a.seq() == 2);
        run.sends.removeIf(s -> s.clientMsgId().equals("m2"));
        run.receipts.removeIf(r -> r.seq() == 2);
        assertThat(checker.check(run.log())).containsExactly(
                new Violation(Kind.GAP, C, List.of(2L), "history ends at seq 3"));
    }

    @Test
    void aSendStoredTwiceIsReportedWithBothSeqs() {
        Clean run = new Clean();
        run.history.add(new Stored(C, 4, "id4", "alice", "m3"));
        run.receipts.add(new Received("a1", "sa", C, 4, "id4", true));
        run.receipts.add(new Received("b1", "sb", C, 4, "id4", true));
        assertThat(checker.check(run.log())).containsExactly(
                new Violation(Kind.SENT_TWICE, C, List.of(3L, 4L), "sender alice clientMsgId m3 (acked)"));
    }

    @Test
    void anUnackedSendStoredTwiceIsReported() {
        Clean run = new Clean();
        run.acks.removeIf(a -> a.clientMsgId().equals("m3"));
        run.history.add(new Stored(C, 4, "id4", "alice", "m3"));
        run.receipts.add(new Received("a1", "sa", C, 4, "id4", true));
        run.receipts.add(new Received("b1", "sb", C, 4, "id4", true));
        assertThat(checker.check(run.log())).containsExactly(
                new Violation(Kind.SENT_TWICE, C, List.of(3L, 4L), "sender alice clientMsgId m3 (never acked)"),
                new Violation(Kind.NEVER_ACKED, C, List.of(3L, 4L), "sender alice clientMsgId m3, in history"));
    }

    @Test
    void anOutOfOrderDeliveryIsReportedWithTheSessionAndBothSeqs() {
        Clean run = new Clean();
        run.receipts.removeIf(r -> r.deviceId().equals("b1"));
        run.receipts.add(new Received("b1", "sb", C, 1, "id1", true));
        run.receipts.add(new Received("b1", "sb", C, 3, "id3", true));
        run.receipts.add(new Received("b1", "sb", C, 2, "id2", true));
        assertThat(checker.check(run.log())).containsExactly(
                new Violation(Kind.OUT_OF_ORDER, C, List.of(3L, 2L), "device b1 session sb"));
    }

    @Test
    void aDuplicateDeliveryInOneSessionIsReported() {
        Clean run = new Clean();
        run.receipts.add(new Received("b1", "sb", C, 3, "id3", true));
        assertThat(checker.check(run.log())).containsExactly(
                new Violation(Kind.DUPLICATE_DELIVERY, C, List.of(3L, 3L), "device b1 session sb"));
    }

    @Test
    void anAckedMessageMissingFromHistoryIsReported() {
        Clean run = new Clean();
        run.history.removeIf(s -> s.seq() == 3);
        run.receipts.removeIf(r -> r.seq() == 3);
        assertThat(checker.check(run.log())).containsExactly(
                new Violation(Kind.ACKED_MISSING, C, List.of(3L), "sender alice clientMsgId m3"));
    }

    @Test
    void aSendNeverAckedIsReported() {
        Clean run = new Clean();
        run.sends.add(new Sent("alice", "m4", C));
        assertThat(checker.check(run.log())).containsExactly(
                new Violation(Kind.NEVER_ACKED, C, List.of(), "sender alice clientMsgId m4, not in history"));
    }

    @Test
    void anAckThatDisagreesWithHistoryIsReported() {
        Clean run = new Clean();
        run.acks.set(1, new Acked("alice", "m2", C, 7, "id2"));
        assertThat(checker.check(run.log())).containsExactly(new Violation(Kind.ACK_MISMATCH, C, List.of(7L, 2L),
                "sender alice clientMsgId m2: acked seq 7 messageId id2, history seq 2 messageId id2"));
    }

    @Test
    void twoAcksOfOneSendThatDisagreeAreReported() {
        Clean run = new Clean();
        run.acks.add(new Acked("alice", "m1", C, 2, "id2"));
        assertThat(checker.check(run.log())).containsExactly(
                new Violation(Kind.ACKS_DISAGREE, C, List.of(1L, 2L), "sender alice clientMsgId m1"));
    }

    @Test
    void aMessageNoDeviceGotLiveNorByCatchUpIsReported() {
        Clean run = new Clean();
        run.receipts.removeIf(r -> r.deviceId().equals("b1") && r.seq() != 1);
        assertThat(checker.check(run.log())).containsExactly(
                new Violation(Kind.NOT_DELIVERED, C, List.of(2L, 3L), "device b1"));
    }

    @Test
    void aDeliveryWithAnotherMessageThanHistoryIsReported() {
        Clean run = new Clean();
        run.receipts.set(1, new Received("b1", "sb", C, 1, "other", true));
        assertThat(checker.check(run.log())).containsExactly(new Violation(Kind.CONTENT_MISMATCH, C, List.of(1L),
                "device b1 got messageId other, history has id1 (live)"));
    }

    @Test
    void aRepeatedSeqInHistoryIsReported() {
        Clean run = new Clean();
        run.history.add(new Stored(C, 3, "id9", "bob", "x"));
        assertThat(checker.check(run.log())).contains(new Violation(Kind.SEQ_REPEATED, C, List.of(3L), ""));
    }
}
