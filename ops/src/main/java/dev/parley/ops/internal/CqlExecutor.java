package dev.parley.ops.internal;

/** Runs schema statements against a CQL cluster. */
public interface CqlExecutor extends AutoCloseable {
    /**
     * Runs one statement and returns once every node agrees on the resulting schema.
     *
     * @throws dev.parley.ops.OpsException when it fails or schema agreement is not reached in time
     */
    void execute(String statement);

    @Override
    void close();
}
