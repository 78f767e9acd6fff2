package dev.parley.bench.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What machine the numbers were taken on, and how busy it was before the bench started anything. */
public final class Machine {
    private Machine() {
    }

    public static ObjectNode describe() {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("cores", Runtime.getRuntime().availableProcessors());
        n.put("cpu", firstValue("/proc/cpuinfo", "model name"));
        n.put("memory_total", firstValue("/proc/meminfo", "MemTotal"));
        n.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        n.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        String load = read("/proc/loadavg");
        n.put("load_average_before_start", load);
        double load1 = load.isEmpty() ? 0 : Double.parseDouble(load.split("\\s+")[0]);
        boolean busy = load1 > Runtime.getRuntime().availableProcessors() * 0.5;
        n.put("shared_with_other_work", busy);
        n.put("note", busy
                ? "the 1-minute load average was " + load1 + " before the bench started: other work shared the machine, so the numbers are lower and noisier than on an idle machine"
                : "the machine was idle when the bench started");
        return n;
    }

    private static String firstValue(String file, String key) {
        for (String line : read(file).split("\n")) {
            if (line.startsWith(key)) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "";
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
