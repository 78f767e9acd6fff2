package dev.parley.devstack.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTest {

    @Test
    void scrapesEveryServiceOnItsObservePort() {
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("auth", "127.0.0.1:41001");
        targets.put("edge", "127.0.0.1:41002");
        String yml = Prometheus.config(targets);
        assertThat(yml).contains("scrape_interval: 5s")
                .contains("      - targets: ['127.0.0.1:41001']\n        labels:\n          parley_process: 'auth'\n")
                .contains("      - targets: ['127.0.0.1:41002']\n        labels:\n          parley_process: 'edge'\n");
    }
}
