package dev.parley.topology.internal;

import dev.parley.common.event.Command;
import dev.parley.common.event.ReadCommand;
import dev.parley.common.event.SendCommand;
import dev.parley.common.event.TypingCommand;
import dev.parley.common.frame.ErrorCode;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.frame.Limits;

/**
 * The topology's own check of a command: the edge checks early, the topology is the authority.
 * Fields the edge fills in ({@code messageId}, {@code receivedAt}) are checked too, so a broken
 * producer gets refusals instead of corrupt messages.
 */
public final class CommandValidator {
    private CommandValidator() {
    }

    /** @return null when the command may proceed, otherwise the error for its session */
    public static ErrorFrame check(Command command) {
        if (command.receivedAt() == null) {
            return withClientMsgId(command, ErrorFrame.of(ErrorCode.BAD_REQUEST, "receivedAt is required"));
        }
        return switch (command) {
            case SendCommand s -> checkSend(s);
            case ReadCommand r -> {
                if (blank(r.conversationId())) {
                    yield ErrorFrame.of(ErrorCode.BAD_REQUEST, "conversationId is required");
                }
                yield r.seq() < 0 ? ErrorFrame.of(ErrorCode.BAD_REQUEST, "seq must not be negative") : null;
            }
            case TypingCommand t -> blank(t.conversationId())
                    ? ErrorFrame.of(ErrorCode.BAD_REQUEST, "conversationId is required") : null;
        };
    }

    private static ErrorFrame checkSend(SendCommand s) {
        ErrorFrame e = Limits.checkSend(s.clientMsgId(), s.conversationId(), s.body());
        if (e == null && blank(s.messageId())) {
            e = ErrorFrame.of(ErrorCode.BAD_REQUEST, "messageId is required");
        }
        return e == null ? null : withClientMsgId(s, e);
    }

    private static ErrorFrame withClientMsgId(Command c, ErrorFrame e) {
        return c instanceof SendCommand s ? new ErrorFrame(e.code(), e.message(), s.clientMsgId(), e.retryAfterMs()) : e;
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
