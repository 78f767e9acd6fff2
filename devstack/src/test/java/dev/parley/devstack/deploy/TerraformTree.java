package dev.parley.devstack.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * terraform/ as HashiCorp's HCL2 parser reads it: {@code tools/hcl/hcl2json.mjs} parses every
 * {@code .tf} and {@code .tftest.hcl} file (no terraform binary needed) and this holds each file's
 * JSON form by its path, which is what {@link TerraformChecks} reads. In that form a block type maps
 * labels to a list of bodies ({@code "variable": {"name": [{...}]}}), and any expression that is not
 * a literal is a string {@code "${...}"}. {@code unformatted} lists the files whose text
 * {@code hclwrite.Format} (what {@code terraform fmt} applies) would change.
 */
record TerraformTree(Map<String, JsonNode> files, List<String> unformatted) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A {@code variable}, {@code module}, {@code output} (or other labelled) block of one file. */
    record Block(String file, String name, JsonNode body) {
        /** The directory the file is in, relative to terraform/ ({@code modules/kafka}). */
        String dir() {
            return parentOf(file);
        }
    }

    /** Parses {@code dir} with node; fails with the parser's messages, one per bad file. */
    static TerraformTree parse(Path dir, Path home) throws IOException, InterruptedException {
        Path script = home.resolve("tools/hcl/hcl2json.mjs");
        if (!Files.isDirectory(home.resolve("tools/hcl/node_modules/@cdktf/hcl2json"))) {
            throw new IllegalStateException("the HCL parser is not installed: npm ci --prefix tools/hcl "
                    + "(./parley test does it)");
        }
        Path out = Files.createTempFile("terraform", ".json");
        try {
            Process p = new ProcessBuilder("node", script.toString(), dir.toString())
                    .redirectOutput(out.toFile()).redirectErrorStream(false).start();
            String errors = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("hcl2json did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("terraform/ does not parse as HCL2:\n" + errors);
            }
            return of(JSON.readTree(out.toFile()));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The tree hcl2json.mjs printed: {"files": {"path": {...}, ...}, "unformatted": [...]}. */
    static TerraformTree of(JsonNode all) {
        Map<String, JsonNode> files = new TreeMap<>();
        all.path("files").fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue()));
        List<String> unformatted = new ArrayList<>();
        all.path("unformatted").forEach(f -> unformatted.add(f.asText()));
        return new TerraformTree(files, List.copyOf(unformatted));
    }

    static TerraformTree of(String json) {
        try {
            return of(JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Every block of {@code type} with one label, in every file ({@code variable}, {@code module}, {@code output}). */
    List<Block> blocks(String type) {
        List<Block> blocks = new ArrayList<>();
        files.forEach((file, body) -> {
            JsonNode byName = body.path(type);
            for (Iterator<Map.Entry<String, JsonNode>> it = byName.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                e.getValue().forEach(b -> blocks.add(new Block(file, e.getKey(), b)));
            }
        });
        return blocks;
    }

    /** The variables a module directory declares, by name. */
    Map<String, JsonNode> variables(String dir) {
        Map<String, JsonNode> vars = new LinkedHashMap<>();
        blocks("variable").stream().filter(b -> b.dir().equals(dir)).forEach(b -> vars.put(b.name(), b.body()));
        return vars;
    }

    /** Whether some file lies directly in {@code dir}. */
    boolean hasDir(String dir) {
        return files.keySet().stream().anyMatch(f -> parentOf(f).equals(dir));
    }

    /** The unlabelled bodies of {@code type} ({@code terraform}, {@code locals}) in every file, by file. */
    List<Block> unlabelled(String type) {
        List<Block> blocks = new ArrayList<>();
        files.forEach((file, body) -> body.path(type).forEach(b -> blocks.add(new Block(file, type, b))));
        return blocks;
    }

    static String parentOf(String file) {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? "" : file.substring(0, slash);
    }

    /** {@code dir/../x} made plain, for a module's local {@code source}; empty if it leaves terraform/. */
    static java.util.Optional<String> resolve(String dir, String source) {
        Path p = Path.of("/t", dir).resolve(source).normalize();
        return p.startsWith("/t") ? java.util.Optional.of(Path.of("/t").relativize(p).toString())
                : java.util.Optional.empty();
    }
}
