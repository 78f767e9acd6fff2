package dev.parley.devstack.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's Dockerfile read into its stages, enough to check what each image runs and
 * copies without a Docker engine: instructions with their continuation lines joined, comments
 * dropped, grouped by {@code FROM ... AS name}.
 */
record DockerfileModel(Map<String, String> args, Map<String, Stage> stages) {
    private static final Pattern FROM = Pattern.compile("(?i)FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?");
    private static final Pattern ENV_PAIR = Pattern.compile("(\\w+)=(\\S+)");
    private static final Pattern COPY_FROM_BUILD = Pattern.compile("--from=build\\s+(\\S+)\\s+(\\S+)");

    /** One instruction: its keyword in upper case and the rest of its (joined) line. */
    record Instruction(String keyword, String rest) {
    }

    record Stage(String name, String base, List<Instruction> instructions) {
        List<String> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::rest).toList();
        }

        Optional<String> last(String keyword) {
            List<String> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getLast());
        }
    }

    static DockerfileModel read(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DockerfileModel parse(List<String> lines) {
        Map<String, String> args = new LinkedHashMap<>();
        Map<String, Stage> stages = new LinkedHashMap<>();
        Stage current = null;
        for (String line : joined(lines)) {
            String keyword = line.split("\\s+", 2)[0].toUpperCase(java.util.Locale.ROOT);
            String rest = line.length() > keyword.length() ? line.substring(keyword.length()).trim() : "";
            if (keyword.equals("FROM")) {
                Matcher m = FROM.matcher(line);
                if (!m.matches()) {
                    throw new IllegalArgumentException("cannot read: " + line);
                }
                String name = m.group(2) == null ? "stage-" + stages.size() : m.group(2);
                current = new Stage(name, m.group(1), new ArrayList<>());
                stages.put(name, current);
            } else if (current == null) {
                if (keyword.equals("ARG")) {
                    String[] kv = rest.split("=", 2);
                    args.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
            } else {
                current.instructions().add(new Instruction(keyword, rest));
            }
        }
        return new DockerfileModel(args, stages);
    }

    /** The stages {@code name} is built on, nearest first, ending with the one FROM an image. */
    List<Stage> lineage(String name) {
        List<Stage> chain = new ArrayList<>();
        for (Stage s = stages.get(name); s != null; s = stages.get(s.base())) {
            chain.add(s);
        }
        return chain;
    }

    /**
     * Every variable the image of stage {@code name} sets: the ENV lines along its lineage, a
     * nearer stage winning.
     */
    Map<String, String> environment(String name) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Stage s : lineage(name).reversed()) {
            for (String line : s.all("ENV")) {
                Matcher m = ENV_PAIR.matcher(line);
                while (m.find()) {
                    env.put(m.group(1), m.group(2));
                }
            }
        }
        return env;
    }

    /** The stage's {@code COPY --from=build} lines: source under the build stage to destination, in order. */
    Map<String, String> copiesFromBuild(String name) {
        Map<String, String> copies = new LinkedHashMap<>();
        for (String copy : stages.get(name).all("COPY")) {
            Matcher m = COPY_FROM_BUILD.matcher(copy);
            if (m.find()) {
                copies.put(m.group(1), m.group(2));
            }
        }
        return copies;
    }

    /** The nearest value of {@code keyword} along the stage's lineage (stages inherit USER, HEALTHCHECK, ENV). */
    Optional<String> inherited(String name, String keyword) {
        return lineage(name).stream().map(s -> s.last(keyword)).flatMap(Optional::stream).findFirst();
    }

    private static List<String> joined(List<String> lines) {
        List<String> out = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && pending.isEmpty())) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            out.add(pending.toString().strip());
            pending.setLength(0);
        }
        return out;
    }
}
