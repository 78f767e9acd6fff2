/**
 * The parts of {@code ops}: the command line, the topic and CQL schema appliers and their Kafka
 * and CQL adapters. {@link dev.parley.ops.Ops} is the entry point.
 *
 * <p>Internal: not part of Parley's API. The types here (and in subpackages) may change or go away
 * in any commit, without notice or compatibility; code outside the ops module should not use them.
 */
package dev.parley.ops.internal;
