package dev.parley.replay.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.parley.common.config.SharedKeys;
import dev.parley.common.config.Settings;
import dev.parley.replay.internal.verify.Verify;
import dev.parley.replay.internal.verify.VerifyReport;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;

/** Dispatches one parsed command line to its command. */
public final class Replay {
    private final Settings settings;
    private final PrintStream out;
    private final Hooks hooks;
    private final Clock clock;

    public Replay(Settings settings, PrintStream out, Hooks hooks, Clock clock) {
        this.settings = settings;
        this.out = out;
        this.hooks = hooks;
        this.clock = clock;
    }

    /** @return the exit status (see {@code dev.parley.replay.Main}) */
    public int run(String[] args) throws InterruptedException {
        ReplayCli cli = ReplayCli.parse(Arrays.asList(args), clock);
        return switch (cli) {
            case ReplayCli.Help h -> {
                out.println(ReplayCli.USAGE);
                yield 0;
            }
            case ReplayCli.Rebuild r -> new RebuildCommand(r, with(r.common()), out, clock).run(hooks);
            case ReplayCli.Verify v -> verify(v);
            case ReplayCli.ShadowRun r -> new ShadowCommands(with(r.common()), out, clock).run(r, hooks);
            case ReplayCli.ShadowCompare c -> new ShadowCommands(with(c.common()), out, clock).compare(c);
            case ReplayCli.ShadowClean c -> new ShadowCommands(with(c.common()), out, clock).clean(c);
            case ReplayCli.State s -> new StateCommand(with(s.common()), out, clock).run(s);
        };
    }

    private Settings with(ReplayCli.Common common) {
        return settings.with(common.overrides());
    }

    private int verify(ReplayCli.Verify v) {
        Settings s = with(v.common());
        String keyspace = s.get(SharedKeys.CQL_KEYSPACE);
        s.validate();
        VerifyReport report;
        try (CqlSession session = Connections.cql(s)) {
            report = v.against() == null ? Verify.keyspaceAgainstLog(session, keyspace, Connections.kafka(s))
                    : Verify.keyspaces(session, keyspace, v.against());
        }
        if (v.json()) {
            out.println(report.toJson());
        } else {
            report.print(out, 50);
        }
        return report.differences().isEmpty() ? 0 : 1;
    }
}
