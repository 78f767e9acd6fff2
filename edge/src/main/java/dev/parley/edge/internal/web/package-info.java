/** The edge serving Parley's web client as static content; not API. */
package dev.parley.edge.internal.web;
