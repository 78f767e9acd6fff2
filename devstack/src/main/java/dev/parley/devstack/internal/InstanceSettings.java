package dev.parley.devstack.internal;

import dev.parley.infra.Ports;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one more instance of a service needs of its own beside the stack's settings: an edge its port
 * and node id, an auth its port (the database and signing keys stay the stack's, so its tokens
 * verify at every edge), a topology its state directory; a sinks instance nothing (it joins the same
 * consumer groups).
 *
 * @param settings the service's settings that differ from the stack's instance
 * @param httpUrl  where it will serve HTTP, or null for a service without an HTTP port
 */
public record InstanceSettings(Map<String, String> settings, URI httpUrl) {

    /**
     * @param name    the instance's name ({@code <service>-<n>})
     * @param dataDir the stack's data directory
     * @throws IllegalArgumentException for a service that does not run as several instances
     */
    public static InstanceSettings of(String service, String name, Path dataDir) {
        return switch (service) {
            case "edge" -> {
                int port = Ports.free();
                yield new InstanceSettings(Map.of("edge.http.port", Integer.toString(port), "edge.node-id", name),
                        local(port));
            }
            case "auth" -> {
                int port = Ports.free();
                yield new InstanceSettings(Map.of("auth.http.port", Integer.toString(port)), local(port));
            }
            case "topology" -> new InstanceSettings(
                    Map.of("topology.state-dir", dataDir.resolve("streams-" + name).toString()), null);
            case "sinks" -> new InstanceSettings(Map.of(), null);
            default -> throw new IllegalArgumentException(
                    "only auth, edge, topology and sinks run as several instances, not " + service);
        };
    }

    private static URI local(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }
}
