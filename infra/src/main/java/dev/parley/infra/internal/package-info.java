/**
 * How the infrastructure servers are found, laid out and run as child processes (binaries,
 * file layouts, process handling, reachability checks).
 *
 * <p>Internal: not part of Parley's API. The types here (and in subpackages) may change or go away
 * in any commit, without notice or compatibility; code outside the infra module should not use
 * them.
 */
package dev.parley.infra.internal;
