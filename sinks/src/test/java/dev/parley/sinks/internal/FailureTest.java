package dev.parley.sinks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.type.codec.CodecNotFoundException;
import dev.parley.common.text.Unicode;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import java.nio.charset.MalformedInputException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class FailureTest {
    @Test
    void whatTheDataCausesIsPoison() {
        assertThat(List.of(
                new IllegalArgumentException(new MalformedInputException(1)),
                new Unicode.MalformedTextException("x"),
                new SerializationException("cannot read"),
                new CodecNotFoundException(null, null),
                new InvalidQueryException(null, "Key length of 70000 is longer than maximum of 65535"),
                new ArithmeticException("long overflow"),
                new RedisCommandExecutionException("WRONGTYPE Operation against a key holding the wrong kind of value"),
                new CompletionException(new ExecutionException(new IllegalArgumentException()))))
                .allSatisfy(e -> assertThat(Failure.of(e)).as(e.toString()).isEqualTo(Failure.POISON));
    }

    @Test
    void aDependencyThatIsDownOrAnythingUnforeseenIsAnOutage() {
        assertThat(List.of(
                new NoNodeAvailableException(),
                new DriverTimeoutException("Query timed out after PT5S"),
                new RedisConnectionException("Unable to connect"),
                new RedisCommandTimeoutException("Command timed out"),
                new RedisCommandExecutionException("LOADING Redis is loading the dataset in memory"),
                new TimeoutException(),
                new org.apache.kafka.common.errors.TimeoutException("dead letters"),
                new CompletionException(new IllegalStateException("closed")),
                new RuntimeException("unforeseen")))
                .allSatisfy(e -> assertThat(Failure.of(e)).as(e.toString()).isEqualTo(Failure.OUTAGE));
    }
}
