package dev.parley.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.Command;
import dev.parley.common.event.Origin;
import dev.parley.common.event.ReadCommand;
import dev.parley.common.event.Reply;
import dev.parley.common.event.SendCommand;
import dev.parley.common.event.TypingCommand;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.frame.Limits;
import dev.parley.common.json.Json;
import dev.parley.common.text.Unicode;
import dev.parley.testkit.fuzz.FuzzCampaign;
import dev.parley.testkit.fuzz.Hostile;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link CommandValidator} on commands built in memory with hostile strings in every field (what
 * JSON decoding would already refuse included): it never throws; what it passes has only
 * well-formed, bounded strings; and what it refuses can always be written as a reply.
 */
class CommandValidatorFuzzTest {
    static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    static String maybeHostile(SplittableRandom r, String fine) {
        return switch (r.nextInt(4)) {
            case 0 -> Hostile.string(r);
            case 1 -> null;
            default -> fine;
        };
    }

    static Command generate(SplittableRandom r) {
        String user = maybeHostile(r, "u");
        String conversation = maybeHostile(r, "c");
        Origin origin = r.nextInt(8) == 0 ? null
                : new Origin(r.nextBoolean() ? Hostile.string(r) : "n", r.nextBoolean() ? Hostile.string(r) : "s");
        Instant at = r.nextInt(10) == 0 ? null : T;
        return switch (r.nextInt(3)) {
            case 0 -> new SendCommand(user, conversation, maybeHostile(r, "x-1"), maybeHostile(r, "m-1"),
                    maybeHostile(r, "body"), origin, at);
            case 1 -> new ReadCommand(user, conversation, r.nextLong(-2, 5), origin, at);
            default -> new TypingCommand(user, conversation, origin, at);
        };
    }

    @Test
    void hostileStringsInEveryFieldAreRefusedOrSafe() {
        FuzzCampaign.run("command-validator", CommandValidatorFuzzTest::generate, c -> {
            if (!CommandValidator.answerable(c)) {
                return; // dead-lettered by the processors
            }
            ErrorFrame e = CommandValidator.check(c);
            if (e != null) {
                Json.writeBytes(new Reply(c.origin(), c.userId(), e)); // throws if anything echoed is malformed
                return;
            }
            assertThat(CommandValidator.idProblem(c.conversationId())).isNull();
            if (c instanceof SendCommand s) {
                assertThat(Unicode.isWellFormed(s.body()) && Unicode.isWellFormed(s.clientMsgId())).isTrue();
                assertThat(s.body().codePointCount(0, s.body().length())).isBetween(1, Limits.MAX_BODY_CHARS);
                assertThat(s.clientMsgId().codePointCount(0, s.clientMsgId().length()))
                        .isBetween(1, Limits.MAX_CLIENT_MSG_ID_CHARS);
                assertThat(CommandValidator.idProblem(s.messageId())).isNull();
            }
            Json.writeBytes(c);
        });
    }
}
