package dev.parley.bench.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The latency-over-time plot (PNG, Java2D, headless): delivery latency p50 and p99 per second on
 * a log scale above, messages acked and shown everywhere per second below, with a vertical line
 * where each phase (grey) or fault (red) began.
 */
public final class LatencyPlot {
    private static final int W = 1400;
    private static final int H = 800;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final Color P50 = new Color(0x1f77b4);
    private static final Color P99 = new Color(0xd62728);
    private static final Color RATE = new Color(0x2ca02c);

    private LatencyPlot() {
    }

    public static void write(Timeline timeline, String title, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Timeline.Second> secs = timeline.seconds();
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(title, LEFT, 24);
        double maxX = Math.max(1, secs.isEmpty() ? 1 : secs.getLast().second() + 1);
        for (Timeline.Mark m : timeline.marks()) {
            maxX = Math.max(maxX, m.second() + 1);
        }
        Panel top = new Panel(60, 470, maxX);
        Panel bottom = new Panel(540, 740, maxX);
        double minMs = 1;
        double maxMs = Math.max(10, secs.stream().mapToDouble(Timeline.Second::p99).max().orElse(10) * 1.2);
        top.axes(g, "delivery latency (ms, log scale)");
        for (double v = 1; v <= maxMs; v *= 10) {
            top.hLine(g, top.logY(v, minMs, maxMs), fmt(v));
        }
        double maxRate = Math.max(10, secs.stream().mapToLong(Timeline.Second::completed).max().orElse(10) * 1.15);
        bottom.axes(g, "messages acked and delivered everywhere, per second");
        for (int i = 0; i <= 4; i++) {
            double v = maxRate * i / 4;
            bottom.hLine(g, bottom.linY(v, maxRate), fmt(v));
        }
        marks(g, timeline.marks(), top, bottom);
        series(g, secs, top, s -> s.deliveries() == 0 ? Double.NaN : top.logY(Math.max(minMs, s.p50()), minMs, maxMs), P50);
        series(g, secs, top, s -> s.deliveries() == 0 ? Double.NaN : top.logY(Math.max(minMs, s.p99()), minMs, maxMs), P99);
        series(g, secs, bottom, s -> bottom.linY(s.completed(), maxRate), RATE);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        legend(g, W - 620, 42, P50, "delivery p50 per second");
        legend(g, W - 400, 42, P99, "delivery p99 per second");
        legend(g, W - 400, 528, RATE, "completed messages per second");
        g.setColor(Color.BLACK);
        g.drawString("seconds since the stack was up", W / 2 - 100, H - 20);
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private interface Y {
        double of(Timeline.Second s);
    }

    private static void series(Graphics2D g, List<Timeline.Second> secs, Panel p, Y y, Color c) {
        g.setColor(c);
        g.setStroke(new BasicStroke(1.8f));
        double px = Double.NaN;
        double py = Double.NaN;
        for (Timeline.Second s : secs) {
            double x = p.x(s.second() + 0.5);
            double v = y.of(s);
            if (!Double.isNaN(v) && !Double.isNaN(py)) {
                g.drawLine((int) px, (int) py, (int) x, (int) v);
            }
            px = x;
            py = v;
        }
    }

    private static void marks(Graphics2D g, List<Timeline.Mark> marks, Panel top, Panel bottom) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int row = 0;
        for (Timeline.Mark m : marks) {
            int x = (int) top.x(m.second());
            g.setColor(m.fault() ? new Color(0xff4444) : new Color(0xbbbbbb));
            g.setStroke(new BasicStroke(m.fault() ? 1.5f : 1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                    new float[] {4, 4}, 0));
            g.drawLine(x, top.y0, x, top.y1);
            g.drawLine(x, bottom.y0, x, bottom.y1);
            g.setColor(m.fault() ? new Color(0xcc0000) : Color.DARK_GRAY);
            g.drawString(m.label(), x + 3, top.y0 + 12 + 13 * (row++ % 4));
        }
    }

    private static void legend(Graphics2D g, int x, int y, Color c, String label) {
        g.setColor(c);
        g.setStroke(new BasicStroke(3f));
        g.drawLine(x, y - 5, x + 30, y - 5);
        g.setColor(Color.BLACK);
        g.drawString(label, x + 38, y);
    }

    static String fmt(double v) {
        return v >= 1000 ? String.format("%.1fk", v / 1000) : String.format("%.0f", v);
    }

    /** A plotting area from y0 (top) to y1 (bottom). */
    private record Panel(int y0, int y1, double maxX, int x0, int x1) {
        Panel(int y0, int y1, double maxX) {
            this(y0, y1, maxX, LEFT, W - RIGHT);
        }

        double x(double second) {
            return x0 + (x1 - x0) * second / maxX;
        }

        double logY(double v, double min, double max) {
            return y1 - (y1 - y0) * (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
        }

        double linY(double v, double max) {
            return y1 - (y1 - y0) * v / max;
        }

        void axes(Graphics2D g, String label) {
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(x0, y0, x1 - x0, y1 - y0);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(label, x0 + 5, y0 - 6);
            for (int t = 0; t <= maxX; t += tick(maxX)) {
                int x = (int) x(t);
                g.drawLine(x, y1, x, y1 + 4);
                g.drawString(Integer.toString(t), x - 8, y1 + 18);
            }
        }

        void hLine(Graphics2D g, double y, String label) {
            g.setColor(new Color(0xeeeeee));
            g.drawLine(x0 + 1, (int) y, x1 - 1, (int) y);
            g.setColor(Color.BLACK);
            g.drawString(label, x0 - 8 - g.getFontMetrics().stringWidth(label), (int) y + 4);
        }

        private static int tick(double maxX) {
            for (int t : new int[] {5, 10, 20, 30, 60, 120, 300, 600}) {
                if (maxX / t <= 20) {
                    return t;
                }
            }
            return 1200;
        }
    }
}
