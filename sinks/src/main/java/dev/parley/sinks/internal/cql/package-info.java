/**
 * The history store in Cassandra: messages, read positions and memberships, and opening the session.
 *
 * <p>Internal: not part of Parley's API (see {@code dev.parley.sinks.internal}).
 */
package dev.parley.sinks.internal.cql;
