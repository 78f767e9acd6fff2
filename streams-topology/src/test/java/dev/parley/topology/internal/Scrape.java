package dev.parley.topology.internal;

import java.util.Set;
import java.util.TreeSet;

/** A Prometheus text scrape read back by sample name and labels, whatever the label order or common tags. */
public final class Scrape {
    private Scrape() {
    }

    /**
     * The value of the one sample called {@code name} that has every label of {@code labels}
     * (k, v, k, v...); fails when there is none or more than one.
     */
    public static double value(String scrape, String name, String... labels) {
        var matching = scrape.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> {
                    for (int i = 0; i + 1 < labels.length; i += 2) {
                        if (!l.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                            return false;
                        }
                    }
                    return true;
                }).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one sample " + name + " " + String.join(",", labels) + ", found "
                    + matching);
        }
        String line = matching.getFirst();
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** Every sample name present. */
    public static Set<String> names(String scrape) {
        Set<String> names = new TreeSet<>();
        scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> names.add(l.replaceAll("[{ ].*", "")));
        return names;
    }
}
