/**
 * The workers' consumer properties and the dead-letter producer.
 *
 * <p>Internal: not part of Parley's API (see {@code dev.parley.sinks.internal}).
 */
package dev.parley.sinks.internal.kafka;
