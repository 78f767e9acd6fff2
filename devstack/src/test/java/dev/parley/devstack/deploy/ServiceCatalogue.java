package dev.parley.devstack.deploy;

import dev.parley.auth.AuthConfig;
import dev.parley.common.config.Settings;
import dev.parley.edge.EdgeConfig;
import dev.parley.ops.internal.CliCommand;
import dev.parley.sinks.SinksConfig;
import dev.parley.topology.TopologyConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Parley's images as the Dockerfile names them (its stage names), each with the module it is built
 * from and the way that deployable reads its configuration. {@link #keyFor} answers whether an
 * environment variable is one of that deployable's settings by letting the real config code read
 * a {@link Settings} and asking which keys it looked up: nothing is listed by hand, so a key that
 * is renamed or removed fails the image and compose checks at once.
 */
enum ServiceCatalogue {
    EDGE("edge", "edge", s -> EdgeConfig.from(s)),
    AUTH("auth", "auth", s -> AuthConfig.from(s)),
    TOPOLOGY("topology", "streams-topology", s -> TopologyConfig.from(s)),
    SINKS("sinks", "sinks", s -> SinksConfig.from(s)),
    OPS("ops", "ops", s -> {
        CliCommand.parse(List.of("topics", "apply"), s);
        CliCommand.parse(List.of("cql", "apply"), s);
    });

    final String image;
    final String module;
    private final Consumer<Settings> reader;

    ServiceCatalogue(String image, String module, Consumer<Settings> reader) {
        this.image = image;
        this.module = module;
        this.reader = reader;
    }

    static Optional<ServiceCatalogue> ofImage(String image) {
        for (ServiceCatalogue s : values()) {
            if (s.image.equals(image)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The keys this deployable reads, in the order its config code asks for them. */
    List<String> keys() {
        Settings s = Settings.of(Map.of());
        reader.accept(s);
        return s.keysRead();
    }

    /** The key that environment variable {@code name} sets in this deployable, if it has one. */
    Optional<String> keyFor(String name) {
        return keys().stream().filter(k -> Settings.envName(k).equals(name)).findFirst();
    }

    /**
     * Whether the module's CONFIG.md documents {@code key} next to its variable in a table row
     * (services: key, variable, default; ops: flag, key, variable, default).
     */
    boolean documents(Path home, String key) {
        try {
            String doc = Files.readString(home.resolve(module).resolve("CONFIG.md"));
            return doc.contains("`" + key + "` | `" + Settings.envName(key) + "` |");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
