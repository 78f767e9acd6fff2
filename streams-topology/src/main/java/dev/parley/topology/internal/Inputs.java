package dev.parley.topology.internal;

import dev.parley.common.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decoding of the topology's raw input. Every processor reads bytes and decodes them itself so a
 * record it cannot read is dead-lettered with exactly the bytes that were on the topic, as an
 * ordinary output of the exactly-once transaction. Decoding is strict: a key that is not UTF-8 and
 * a value that is not exactly one JSON document of the type, with only well-formed strings, fail.
 */
final class Inputs {
    private Inputs() {
    }

    /** Thrown for input that can never be processed: deterministic, so dead-lettered, never retried. */
    static final class Unreadable extends IllegalArgumentException {
        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @return the value, or null for a null (tombstone) value
     * @throws Unreadable when the bytes are not a valid {@code type}
     */
    static <T> T value(byte[] bytes, Class<T> type) {
        if (bytes == null) {
            return null;
        }
        try {
            return Json.read(bytes, type);
        } catch (RuntimeException | StackOverflowError e) {
            throw new Unreadable("cannot read " + type.getSimpleName(), e);
        }
    }

    /**
     * The key as strict UTF-8 (Kafka's own deserialiser replaces bad bytes with U+FFFD, which would
     * let two different keys collide).
     *
     * @throws Unreadable when the bytes are not UTF-8
     */
    static String key(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Unreadable("the key is not UTF-8", e);
        }
    }
}
