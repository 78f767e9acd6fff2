package dev.parley.replay.internal.verify;

import dev.parley.common.event.Message;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The canonical form of a message row, shared by both sides of a comparison: a CQL row and a log
 * record with the same content must give the same bytes. Every field is length-prefixed (so no two
 * field splits collide) and tagged null or present (so a null client_msg_id is not "").
 */
final class MessageRows {
    /** The digest of a conversation without messages. */
    static final String EMPTY = new History().hex();

    private MessageRows() {
    }

    static byte[] digest(Message m) {
        return digest(m.seq(), m.messageId(), m.senderId(), m.clientMsgId(), m.body(), m.sentAt());
    }

    /** SHA-256 of the row's canonical encoding. */
    static byte[] digest(long seq, String messageId, String senderId, String clientMsgId, String body,
                         Instant sentAt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (body == null ? 0 : body.length() * 3));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(seq);
            text(out, messageId);
            text(out, senderId);
            text(out, clientMsgId);
            text(out, body);
            out.writeBoolean(sentAt != null);
            if (sentAt != null) {
                // Millis: what CQL timestamps and Message keep, so both sides see the same value.
                out.writeLong(sentAt.toEpochMilli());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sha256().digest(bytes.toByteArray());
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A conversation's history: its row digests fed in seq order, with the row count and highest seq. */
    static final class History {
        private final MessageDigest digest = sha256();
        private long count;
        private long maxSeq;

        void add(long seq, byte[] rowDigest) {
            digest.update(rowDigest);
            count++;
            maxSeq = Math.max(maxSeq, seq);
        }

        long count() {
            return count;
        }

        long maxSeq() {
            return maxSeq;
        }

        /** The digest of the rows added so far; call once, at the end. */
        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
