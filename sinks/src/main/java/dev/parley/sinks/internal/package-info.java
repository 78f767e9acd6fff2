/**
 * The sinks' logic: the batch worker (poll, apply, retry an outage, dead-letter poison, commit),
 * the history writer and the node router. The adapters to Redis, CQL and Kafka are in the
 * subpackages.
 *
 * <p>Internal: not part of Parley's API. The types here (and in subpackages) may change or go away
 * in any commit, without notice or compatibility; code outside the sinks module should not use them.
 */
package dev.parley.sinks.internal;
