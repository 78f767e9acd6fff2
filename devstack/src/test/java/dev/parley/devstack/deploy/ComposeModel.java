package dev.parley.devstack.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A compose file (or a base file with an override on top, merged the way Compose merges them:
 * maps such as {@code environment} and {@code depends_on} key by key, everything else replaced),
 * read as plain maps with the anchors and {@code <<} merges resolved.
 */
record ComposeModel(Map<String, Map<String, Object>> services, Map<String, Object> volumes) {

    static ComposeModel read(Path... files) {
        Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        Map<String, Object> volumes = new LinkedHashMap<>();
        for (Path file : files) {
            Map<String, Object> doc = load(file);
            map(doc.get("services")).forEach((name, def) ->
                    services.merge(name, new LinkedHashMap<>(map(def)), ComposeModel::mergeService));
            volumes.putAll(map(doc.getOrDefault("volumes", Map.of())));
        }
        return new ComposeModel(services, volumes);
    }

    Map<String, Object> service(String name) {
        Map<String, Object> s = services.get(name);
        if (s == null) {
            throw new AssertionError("no service " + name + " in " + services.keySet());
        }
        return s;
    }

    String image(String service) {
        return String.valueOf(service(service).get("image"));
    }

    /** The service's environment as text (numbers as Compose would pass them). */
    Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        map(service(service).getOrDefault("environment", Map.of())).forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    /** depends_on of the service: name to condition. */
    Map<String, String> dependsOn(String service) {
        Map<String, String> deps = new LinkedHashMap<>();
        map(service(service).getOrDefault("depends_on", Map.of()))
                .forEach((k, v) -> deps.put(k, String.valueOf(map(v).get("condition"))));
        return deps;
    }

    /** Every (service, condition) the service waits for, directly or through what it waits for. */
    Set<String> waitsFor(String service) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(service));
        while (!todo.isEmpty()) {
            dependsOn(todo.pop()).forEach((dep, condition) -> {
                if (seen.add(dep + ":" + condition)) {
                    todo.push(dep);
                }
            });
        }
        return seen;
    }

    @SuppressWarnings("unchecked")
    List<String> list(String service, String field) {
        return ((List<Object>) service(service).getOrDefault(field, List.of())).stream().map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    private static Map<String, Object> mergeService(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        override.forEach((k, v) -> {
            if (v instanceof Map<?, ?> && base.get(k) instanceof Map<?, ?>) {
                Map<String, Object> m = new LinkedHashMap<>(map(base.get(k)));
                m.putAll(map(v));
                merged.put(k, m);
            } else {
                merged.put(k, v);
            }
        });
        return merged;
    }

    private static Map<String, Object> load(Path file) {
        try (Reader r = Files.newBufferedReader(file)) {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(200);
            return new Yaml(new SafeConstructor(options)).load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
