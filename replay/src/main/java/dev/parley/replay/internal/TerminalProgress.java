package dev.parley.replay.internal;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One progress bar per input (me.tongfei:progressbar): records done of total, the rate and the
 * time left. The library redraws the bars itself, at most ten times a second.
 */
final class TerminalProgress implements ProgressView {
    private final PrintStream out;
    private final Map<String, ProgressBar> bars = new LinkedHashMap<>();

    TerminalProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void start(String task, Map<String, Long> totals) {
        out.println(task + ":");
        totals.forEach((input, total) -> bars.put(input, new ProgressBarBuilder()
                .setTaskName(shortName(input))
                .setInitialMax(Math.max(total, 0))
                .setUnit(" records", 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUpdateIntervalMillis(100)
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .continuousUpdate()
                .build()));
    }

    @Override
    public void update(Map<String, Long> done) {
        done.forEach((input, n) -> {
            ProgressBar bar = bars.get(input);
            if (bar != null) {
                bar.stepTo(n);
            }
        });
    }

    @Override
    public void close() {
        bars.values().forEach(ProgressBar::close);
    }

    /** {@code parley.messages.v1} → {@code messages}: the bars line up in a narrow terminal. */
    static String shortName(String topic) {
        String s = topic.startsWith("parley.") ? topic.substring("parley.".length()) : topic;
        return s.endsWith(".v1") ? s.substring(0, s.length() - 3) : s;
    }
}
