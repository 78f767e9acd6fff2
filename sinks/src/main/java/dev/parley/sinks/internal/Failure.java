package dev.parley.sinks.internal;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import com.datastax.oss.driver.api.core.type.codec.CodecNotFoundException;
import dev.parley.common.text.Exceptions;
import io.lettuce.core.RedisCommandExecutionException;
import java.time.DateTimeException;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;

/**
 * What a failed attempt means: the record(s) can never be processed ({@link #POISON}: dead-letter
 * them and move on), or a dependency is down ({@link #OUTAGE}: wait and retry, losing nothing).
 *
 * <p>Poison is only what is known to be a property of the data: decoding and validation failures,
 * values the CQL driver cannot encode (an unpaired surrogate is an {@link IllegalArgumentException}
 * caused by {@code MalformedInputException}, thrown while binding), values the server refuses
 * ({@link InvalidQueryException}, e.g. a partition key over 64 KiB), arithmetic on absurd values
 * (an instant beyond what a CQL timestamp holds), a Redis key of the wrong type. Everything else,
 * including failures nobody foresaw, counts as an outage: being stuck is loud and recoverable,
 * dead-lettering good records because of a broken dependency is silent loss.
 */
enum Failure {
    POISON,
    OUTAGE;

    static Failure of(Throwable thrown) {
        Throwable t = Exceptions.unwrap(thrown);
        if (t instanceof AllNodesFailedException all) {
            // One entry per node tried; poison only if every node refused the value itself.
            List<Throwable> errors = all.getAllErrors().values().stream().flatMap(List::stream).toList();
            return !errors.isEmpty() && errors.stream().allMatch(e -> of(e) == POISON) ? POISON : OUTAGE;
        }
        if (t instanceof RedisCommandExecutionException r) {
            return r.getMessage() != null && r.getMessage().startsWith("WRONGTYPE") ? POISON : OUTAGE;
        }
        return switch (t) {
            case IllegalArgumentException e -> POISON;
            case SerializationException e -> POISON;
            case CodecNotFoundException e -> POISON;
            case InvalidQueryException e -> POISON;
            case SyntaxError e -> POISON;
            case ArithmeticException e -> POISON;
            case DateTimeException e -> POISON;
            case NullPointerException e -> POISON;
            case ClassCastException e -> POISON;
            case IndexOutOfBoundsException e -> POISON;
            default -> OUTAGE;
        };
    }
}
