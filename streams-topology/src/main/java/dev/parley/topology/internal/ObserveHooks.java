package dev.parley.topology.internal;

import dev.parley.common.observe.Observability;
import java.util.Map;

/**
 * How the processors reach the service's {@link Observability}: {@code Main} puts it into the
 * Streams properties under {@link #CONFIG}, and a processor takes it from
 * {@code context.appConfigs()} in {@code init}. The topology itself stays a pure function of its
 * config, and a topology run without one (a test driver) gets a private in-memory one.
 */
public final class ObserveHooks {
    /** The Streams property holding the {@link Observability} object (not a string: Streams passes it on as is). */
    public static final String CONFIG = "parley.observability";

    private static volatile Observability fallback;

    private ObserveHooks() {
    }

    /** The observability in {@code configs}, or the process-wide in-memory one: meters nobody scrapes, no export. */
    public static Observability of(Map<String, ?> configs) {
        Object o = configs == null ? null : configs.get(CONFIG);
        return o instanceof Observability obs ? obs : fallback();
    }

    private static Observability fallback() {
        Observability f = fallback;
        if (f == null) {
            synchronized (ObserveHooks.class) {
                f = fallback;
                if (f == null) {
                    f = Observability.inMemory("topology");
                    fallback = f;
                }
            }
        }
        return f;
    }
}
