package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyPlotTest {

    @Test
    void writesAPngWithTheSeriesDrawn(@TempDir Path dir) throws Exception {
        Timeline t = new Timeline(0);
        for (int s = 0; s < 30; s++) {
            for (int i = 0; i < 20; i++) {
                t.delivery(s * 1_000_000_000L + i, (5 + s) * 1_000_000L);
                t.completed(s * 1_000_000_000L + i);
            }
        }
        t.mark(10_000_000_000L, "sinks", true);
        Path png = dir.resolve("p.png");
        LatencyPlot.write(t, "test", png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(1400);
        assertThat(Files.size(png)).isGreaterThan(5_000);
        assertThat(t.seconds()).hasSize(30);
        assertThat(t.seconds().get(3).completed()).isEqualTo(20);
    }
}
