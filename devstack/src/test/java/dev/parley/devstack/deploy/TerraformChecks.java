package dev.parley.devstack.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.devstack.deploy.TerraformTree.Block;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a reviewer would check of terraform/ and a machine without terraform can: each check returns
 * its problems, one line each ({@code file: what}), so a failure names every offence at once and
 * {@code TerraformChecksTest} can show each check catches what it should on a small tree.
 */
final class TerraformChecks {
    /** Arguments every module call may pass besides the module's variables. */
    private static final Set<String> META = Set.of("source", "version", "providers", "count", "for_each", "depends_on");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|token|private_key|signing_key).*");
    /** Names that refer to a secret (its ARN, id, name) or describe one (its lifetime), not hold it. */
    private static final Pattern REFERENCE_NAME = Pattern.compile(".*_(arn|arns|id|ids|name|names|ttl|days)$");
    private static final Pattern EXACT_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final Pattern PARLEY_NAME = Pattern.compile("\\bPARLEY_[A-Z0-9_]+\\b");
    private static final Pattern REFERENCE = Pattern.compile("\\b(var|local|module)\\.([A-Za-z_][\\w-]*)(?:\\.([A-Za-z_][\\w-]*))?");
    private static final Pattern CHECKED_TYPE = Pattern.compile("\\$\\{(string|number)}");

    private TerraformChecks() {
    }

    /** Every variable has a type and a description; every string or number variable a validation. */
    static List<String> variables(TerraformTree tree) {
        List<String> problems = new ArrayList<>();
        for (Block v : tree.blocks("variable")) {
            String where = v.file() + ": variable " + v.name();
            if (!v.body().hasNonNull("type")) {
                problems.add(where + " has no type");
            }
            if (v.body().path("description").asText("").isBlank()) {
                problems.add(where + " has no description");
            }
            boolean checkable = CHECKED_TYPE.matcher(v.body().path("type").asText("")).matches();
            if (checkable && v.body().path("validation").isEmpty()) {
                problems.add(where + " (" + v.body().path("type").asText() + ") has no validation");
            }
            if (holdsSecret(v.name()) && holdsAValue(v.body().path("default"))) {
                problems.add(where + " looks like a secret and has a default");
            }
        }
        return problems;
    }

    private static boolean holdsSecret(String name) {
        return SECRET_NAME.matcher(name).matches() && !REFERENCE_NAME.matcher(name).matches();
    }

    /** A default that could carry a secret: not absent, null, "" or an empty list or map. */
    private static boolean holdsAValue(JsonNode value) {
        return !value.isMissingNode() && !value.isNull() && !(value.isContainerNode() && value.isEmpty())
                && !(value.isTextual() && value.asText().isEmpty());
    }

    /**
     * A module call with a local source names a directory of terraform/, passes only variables it
     * declares and every variable it requires (one without a default).
     */
    static List<String> moduleCalls(TerraformTree tree) {
        List<String> problems = new ArrayList<>();
        for (Block call : tree.blocks("module")) {
            String where = call.file() + ": module " + call.name();
            String source = call.body().path("source").asText("");
            if (!source.startsWith("./") && !source.startsWith("../")) {
                continue;
            }
            Optional<String> dir = TerraformTree.resolve(call.dir(), source);
            if (dir.isEmpty() || !tree.hasDir(dir.get())) {
                problems.add(where + ": source " + source + " is not a directory of terraform/");
                continue;
            }
            Map<String, JsonNode> declared = tree.variables(dir.get());
            Set<String> passed = new HashSet<>();
            call.body().fieldNames().forEachRemaining(passed::add);
            for (String arg : new TreeSet<>(passed)) {
                if (!META.contains(arg) && !declared.containsKey(arg)) {
                    problems.add(where + " passes " + arg + ", which " + dir.get() + " does not declare");
                }
            }
            declared.forEach((name, body) -> {
                if (!body.has("default") && !passed.contains(name)) {
                    problems.add(where + " does not pass " + name + ", which " + dir.get() + " requires");
                }
            });
        }
        return problems;
    }

    /**
     * What {@code terraform validate} would refuse first and a parser can see: every {@code var.x},
     * {@code local.x} and {@code module.x} in an expression names a variable, local or module call
     * of its own directory, and {@code module.x.y} an output that module declares (for a local
     * source). Only strings holding an interpolation are read, so prose that mentions
     * {@code var.x} is not taken for a reference; test files are left to terraform test.
     */
    static List<String> references(TerraformTree tree) {
        List<String> problems = new ArrayList<>();
        tree.files().forEach((file, body) -> {
            if (!file.endsWith(".tf")) {
                return;
            }
            String dir = TerraformTree.parentOf(file);
            Set<String> vars = tree.variables(dir).keySet();
            Set<String> locals = new HashSet<>();
            tree.unlabelled("locals").stream().filter(b -> b.dir().equals(dir))
                    .forEach(b -> b.body().fieldNames().forEachRemaining(locals::add));
            Map<String, Set<String>> moduleOutputs = new java.util.HashMap<>();
            tree.blocks("module").stream().filter(b -> b.dir().equals(dir)).forEach(m -> {
                String source = m.body().path("source").asText("");
                Set<String> outputs = source.startsWith(".") ? TerraformTree.resolve(dir, source)
                        .map(d -> outputsOf(tree, d)).orElse(null) : null;
                moduleOutputs.put(m.name(), outputs);
            });
            Set<String> seen = new TreeSet<>();
            strings(body, text -> {
                if (!text.contains("${")) {
                    return;
                }
                Matcher m = REFERENCE.matcher(text);
                while (m.find()) {
                    String kind = m.group(1);
                    String name = m.group(2);
                    String problem = switch (kind) {
                        case "var" -> vars.contains(name) ? null : "var." + name + " is not a variable of " + dir;
                        case "local" -> locals.contains(name) ? null : "local." + name + " is not a local of " + dir;
                        default -> !moduleOutputs.containsKey(name) ? "module." + name + " is not a module call of " + dir
                                : m.group(3) == null || moduleOutputs.get(name) == null
                                        || moduleOutputs.get(name).contains(m.group(3)) ? null
                                        : "module." + name + "." + m.group(3) + " is not an output of that module";
                    };
                    if (problem != null) {
                        seen.add(file + ": " + problem);
                    }
                }
            });
            problems.addAll(seen);
        });
        return problems;
    }

    private static Set<String> outputsOf(TerraformTree tree, String dir) {
        Set<String> outputs = new HashSet<>();
        tree.blocks("output").stream().filter(o -> o.dir().equals(dir)).forEach(o -> outputs.add(o.name()));
        return outputs;
    }

    /** Every string value (and object key) in {@code node}, depth first. */
    private static void strings(JsonNode node, java.util.function.Consumer<String> each) {
        if (node.isTextual()) {
            each.accept(node.asText());
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                each.accept(e.getKey());
                strings(e.getValue(), each);
            });
        } else if (node.isArray()) {
            node.forEach(n -> strings(n, each));
        }
    }

    /**
     * Provider versions are constrained in every module's terraform block, which also states the
     * Terraform version; a registry module is pinned to one exact version.
     */
    static List<String> versions(TerraformTree tree) {
        List<String> problems = new ArrayList<>();
        Set<String> dirsWithVersion = new HashSet<>();
        for (Block t : tree.unlabelled("terraform")) {
            if (t.body().hasNonNull("required_version")) {
                dirsWithVersion.add(t.dir());
            }
            for (JsonNode providers : t.body().path("required_providers")) {
                providers.fields().forEachRemaining(p -> {
                    if (p.getValue().path("version").asText("").isBlank()) {
                        problems.add(t.file() + ": provider " + p.getKey() + " has no version constraint");
                    }
                });
            }
        }
        for (String file : tree.files().keySet()) {
            String dir = TerraformTree.parentOf(file);
            if (file.endsWith(".tf") && !dirsWithVersion.contains(dir)) {
                problems.add(dir + ": no terraform { required_version } in the directory");
                dirsWithVersion.add(dir);
            }
        }
        for (Block call : tree.blocks("module")) {
            String source = call.body().path("source").asText("");
            if (!source.startsWith(".") && !EXACT_VERSION.matcher(call.body().path("version").asText("")).matches()) {
                problems.add(call.file() + ": module " + call.name() + " (" + source + ") is not pinned to x.y.z");
            }
        }
        return problems;
    }

    /**
     * Each service's environment and secrets, in the module call that says {@code service = "..."},
     * are literal maps of settings that service reads and documents ({@code settings}: service to
     * its variables); and every {@code PARLEY_} name anywhere in terraform/ is some service's.
     */
    static List<String> serviceSettings(TerraformTree tree, Map<String, Set<String>> settings) {
        List<String> problems = new ArrayList<>();
        for (Block call : tree.blocks("module")) {
            if (!call.body().has("service")) {
                continue;
            }
            String service = call.body().path("service").asText();
            String where = call.file() + ": module " + call.name() + " (" + service + ")";
            Set<String> known = settings.get(service);
            if (known == null) {
                problems.add(where + ": no such service; one of " + new TreeSet<>(settings.keySet()));
                continue;
            }
            for (String attribute : List.of("environment", "secrets")) {
                JsonNode map = call.body().path(attribute);
                if (map.isMissingNode()) {
                    continue;
                }
                if (!map.isObject()) {
                    problems.add(where + ": " + attribute + " is not a literal map, so its keys cannot be checked");
                    continue;
                }
                map.fieldNames().forEachRemaining(name -> {
                    if (!known.contains(name)) {
                        problems.add(where + ": " + attribute + " " + name + " is not a documented setting of " + service);
                    }
                });
            }
        }
        Set<String> all = new HashSet<>();
        settings.values().forEach(all::addAll);
        tree.files().forEach((file, body) -> {
            Matcher m = PARLEY_NAME.matcher(body.toString());
            while (m.find()) {
                if (!all.contains(m.group())) {
                    problems.add(file + ": " + m.group() + " is no service's setting");
                }
            }
        });
        return problems;
    }

    /** An output whose name says it holds a secret is marked sensitive. */
    static List<String> outputs(TerraformTree tree) {
        List<String> problems = new ArrayList<>();
        for (Block o : tree.blocks("output")) {
            if (o.body().path("description").asText("").isBlank()) {
                problems.add(o.file() + ": output " + o.name() + " has no description");
            }
            if (holdsSecret(o.name()) && !o.body().path("sensitive").asBoolean(false)) {
                problems.add(o.file() + ": output " + o.name() + " looks like a secret and is not sensitive");
            }
        }
        return problems;
    }

    /**
     * Every environment has terraform tests that plan against mock providers (run where terraform
     * is installed), every run block asserts something, and a mock provider's {@code source} (read
     * relative to the configuration, the directory above {@code tests/}) holds mock data.
     */
    static List<String> tests(TerraformTree tree, List<String> environments) {
        List<String> problems = new ArrayList<>();
        for (String env : environments) {
            boolean mocked = tree.files().entrySet().stream()
                    .filter(f -> f.getKey().startsWith(env + "/") && f.getKey().endsWith(".tftest.hcl"))
                    .anyMatch(f -> f.getValue().has("mock_provider"));
            if (!mocked) {
                problems.add(env + ": no .tftest.hcl with a mock_provider");
            }
        }
        tree.files().forEach((file, body) -> {
            if (file.endsWith(".tftest.hcl")) {
                body.path("mock_provider").fields().forEachRemaining(p -> p.getValue().forEach(m -> {
                    String source = m.path("source").asText("");
                    String configuration = TerraformTree.parentOf(TerraformTree.parentOf(file));
                    if (!source.isEmpty() && TerraformTree.resolve(configuration, source)
                            .filter(d -> tree.files().keySet().stream()
                                    .anyMatch(f -> f.startsWith(d + "/") && f.endsWith(".tfmock.hcl")))
                            .isEmpty()) {
                        problems.add(file + ": mock_provider " + p.getKey() + " source " + source
                                + " holds no .tfmock.hcl");
                    }
                }));
                body.path("run").fields().forEachRemaining(run -> run.getValue().forEach(r -> {
                    if (r.path("assert").isEmpty() && !r.has("expect_failures")) {
                        problems.add(file + ": run " + run.getKey() + " asserts nothing");
                    }
                }));
            }
        });
        return problems;
    }
}
