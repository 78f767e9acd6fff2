package dev.parley.ops.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One topic of topics.yaml.
 *
 * @param retention  {@code 7d}, {@code 12h}, {@code forever}... or null (the broker's default; compacted topics)
 * @param configs    the topic's own extra configs, applied after the defaults
 */
public record TopicSpec(String name, int partitions, String cleanupPolicy, String retention,
                        Map<String, String> configs, String why) {

    /** Every config to set on the topic: the file's defaults, cleanup.policy, retention.ms, then the topic's own. */
    public Map<String, String> effectiveConfigs(Map<String, String> defaults) {
        Map<String, String> all = new LinkedHashMap<>(defaults);
        all.put("cleanup.policy", cleanupPolicy);
        if (retention != null) {
            all.put("retention.ms", Long.toString(retentionMs(retention)));
        }
        all.putAll(configs);
        return all;
    }

    /** {@code forever} is -1 (never deleted); otherwise a number with ms, s, m, h or d. */
    public static long retentionMs(String retention) {
        String r = retention.strip().toLowerCase(java.util.Locale.ROOT);
        if (r.equals("forever")) {
            return -1;
        }
        try {
            if (r.endsWith("ms")) {
                return Long.parseLong(r.substring(0, r.length() - 2));
            }
            long n = Long.parseLong(r.substring(0, r.length() - 1));
            return switch (r.charAt(r.length() - 1)) {
                case 's' -> n * 1_000L;
                case 'm' -> n * 60_000L;
                case 'h' -> n * 3_600_000L;
                case 'd' -> n * 86_400_000L;
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("retention '" + retention
                    + "' is not like 7d, 12h, 30m, 10s, 500ms or forever");
        }
    }
}
