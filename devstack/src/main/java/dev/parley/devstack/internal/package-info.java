/**
 * How the local stack starts Parley's services and reports on them: each service's settings
 * ({@link dev.parley.devstack.internal.ServiceSpecs}), its process, start-up line, log tail and
 * the summary printed at the end.
 *
 * <p>Internal: not part of Parley's API. The types here may change or go away in any commit,
 * without notice or compatibility. Only the devstack module and bench (which starts extra service
 * instances exactly as the stack does) use them.
 */
package dev.parley.devstack.internal;
