/**
 * History read from Cassandra (messages, conversations, read positions) for the REST API.
 *
 * <p>Internal: not part of Parley's API (see {@code dev.parley.edge.internal}).
 */
package dev.parley.edge.internal.cql;
