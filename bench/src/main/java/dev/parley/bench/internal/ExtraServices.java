package dev.parley.bench.internal;

import dev.parley.devstack.LocalStack;
import dev.parley.devstack.internal.ServiceProcess;
import dev.parley.devstack.internal.ServiceSpec;
import dev.parley.devstack.internal.ServiceSpecs;
import dev.parley.infra.InfraException;
import dev.parley.infra.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A second topology instance and a second edge beside the local stack's own (which runs one of
 * each), configured exactly as the stack configures its services (devstack's ServiceSpecs, the
 * stack's service settings included), so that one of two can be killed. Stopped on close and by a
 * shutdown hook.
 */
public final class ExtraServices implements AutoCloseable {
    private final List<ServiceProcess> started = new ArrayList<>();
    private final Thread hook = new Thread(this::close, "bench-extra-services-shutdown");
    private final LocalStack stack;
    private int edgePort;

    public ExtraServices(LocalStack stack) {
        this.stack = stack;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts {@code topology-2} (its own state directory) and {@code edge-2} on a free port; waits until both are ready. */
    public void start() {
        var c = stack.config();
        ServiceSpecs.Endpoints e = new ServiceSpecs.Endpoints(stack.kafkaBootstrap(), stack.cqlContactPoint(),
                stack.cqlLocalDatacenter(), LocalStack.KEYSPACE, stack.redisUri(), stack.jdbcUrl());
        List<ServiceSpec> specs = ServiceSpecs.all(c, e);
        ServiceSpec topology = spec(specs, "topology").withSettings(Map.of(
                "topology.state-dir", c.dataDir().resolve("streams-2").toString()));
        edgePort = Ports.free();
        ServiceSpec edge = spec(specs, "edge").withSettings(Map.of(
                "edge.http.port", Integer.toString(edgePort), "edge.node-id", "edge-2"));
        launch(topology, "topology-2");
        launch(edge, "edge-2");
    }

    public int edgePort() {
        return edgePort;
    }

    private void launch(ServiceSpec spec, String name) {
        Path home = stack.config().home();
        Path jar = spec.findJar(home).orElseThrow(() -> new InfraException(spec.module() + " is not built"));
        String java = ProcessHandle.current().info().command().orElse("java");
        ServiceProcess p = new ServiceProcess(spec, java, jar, stack.config().dataDir(),
                stack.config().logsDir().resolve(name + ".log"), Duration.ofSeconds(90), InstantSource.system());
        started.add(p);
        p.start();
    }

    private static ServiceSpec spec(List<ServiceSpec> specs, String name) {
        return specs.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).stop();
            } catch (RuntimeException e) {
                // best effort
            }
        }
        started.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this is the hook running
        }
    }
}
