/**
 * The topology's processors and what they share: command validation, sequencing, fan-out, dedupe,
 * rate and typing limits, plans and dead letters. The design is described in
 * {@code streams-topology/README.md}.
 *
 * <p>Internal: not part of Parley's API. The types here (and in subpackages) may change or go away
 * in any commit, without notice or compatibility; code outside the streams-topology module should
 * not use them.
 */
package dev.parley.topology.internal;
