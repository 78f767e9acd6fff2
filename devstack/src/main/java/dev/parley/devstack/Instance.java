package dev.parley.devstack;

import java.net.URI;

/**
 * A further instance of a Parley service started beside the stack's own by
 * {@link LocalStack#addInstance(String)}: stop or kill it with {@link LocalStack#stopService} /
 * {@link LocalStack#killService} under {@link #name()}; the stack stops it on close.
 *
 * @param name    {@code <service>-<n>}, e.g. {@code edge-2}; also the edge's node id
 * @param httpUrl where it serves HTTP (an edge's REST API and {@code /ws}), or null for a service without one
 */
public record Instance(String name, String service, URI httpUrl) {

    /** The WebSocket endpoint of an edge instance. */
    public URI wsUrl() {
        if (httpUrl == null) {
            throw new IllegalStateException(name + " serves no WebSocket");
        }
        return URI.create("ws://" + httpUrl.getAuthority() + "/ws");
    }
}
