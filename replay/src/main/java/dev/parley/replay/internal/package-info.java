/**
 * The parts of {@code parley replay}: the command line, the rebuild, verify, shadow and state
 * commands and their progress reporting. {@link dev.parley.replay.Main} is the entry point.
 *
 * <p>Internal: not part of Parley's API. The types here (and in subpackages) may change or go away
 * in any commit, without notice or compatibility; code outside the replay module should not use them.
 */
package dev.parley.replay.internal;
