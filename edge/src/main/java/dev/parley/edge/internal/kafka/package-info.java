/**
 * Commands and the node channel's dead letters produced to Kafka.
 *
 * <p>Internal: not part of Parley's API (see {@code dev.parley.edge.internal}).
 */
package dev.parley.edge.internal.kafka;
