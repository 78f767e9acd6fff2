package dev.parley.testkit.fakes;

import dev.parley.common.auth.LoginRevocations;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** {@link LoginRevocations} in memory, with the same expiry rule as Redis, for unit tests. */
public final class InMemoryLoginRevocations implements LoginRevocations {
    private final Clock clock;
    private final Map<String, Instant> revokedUntil = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> resubscribers = new CopyOnWriteArrayList<>();

    public InMemoryLoginRevocations(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void revoke(String loginId, Instant until) {
        if (!until.isAfter(clock.instant())) {
            return;
        }
        revokedUntil.put(loginId, until);
        listeners.forEach(l -> l.accept(loginId));
    }

    @Override
    public Set<String> revokedAmong(Collection<String> loginIds) {
        Instant now = clock.instant();
        return loginIds.stream()
                .filter(id -> {
                    Instant until = revokedUntil.get(id);
                    return until != null && until.isAfter(now);
                })
                .collect(Collectors.toSet());
    }

    @Override
    public void listen(Consumer<String> onRevoked, Runnable onResubscribed) {
        listeners.add(onRevoked);
        resubscribers.add(onResubscribed);
    }

    /** Marks {@code loginId} revoked without telling listeners, as a notification lost in transit would. */
    public void revokeSilently(String loginId, Instant until) {
        revokedUntil.put(loginId, until);
    }

    /** Runs every listener's resubscription callback, as a transport reconnect would. */
    public void resubscribe() {
        resubscribers.forEach(Runnable::run);
    }
}
