package dev.parley.bench.internal;

import dev.parley.testkit.client.ParleyHttp;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The edge nodes a client may use. A client that loses its connection reconnects to the next
 * one in the list, as a client behind a load balancer would land on another node.
 */
public final class Edges {
    /** One edge node: its WebSocket URL and an HTTP client for its REST API. */
    public record Edge(String name, URI ws, ParleyHttp http) {}

    private final List<Edge> edges = new CopyOnWriteArrayList<>();

    public void add(String name, URI ws, URI http) {
        edges.add(new Edge(name, ws, new ParleyHttp(http)));
    }

    public int size() {
        return edges.size();
    }

    /** The edge at {@code index} modulo the number of edges. */
    public Edge get(int index) {
        return edges.get(Math.floorMod(index, edges.size()));
    }
}
