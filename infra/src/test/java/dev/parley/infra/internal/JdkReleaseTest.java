package dev.parley.infra.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdkReleaseTest {

    @Test
    void theFeatureVersionComesFromTheReleaseFile() {
        assertThat(JdkRelease.parseMajor("IMPLEMENTOR=\"Debian\"\nJAVA_VERSION=\"17.0.15\"\n")).isEqualTo(17);
        assertThat(JdkRelease.parseMajor("JAVA_VERSION=\"25\"\n")).isEqualTo(25);
        assertThat(JdkRelease.parseMajor("JAVA_VERSION=\"1.8.0_402\"\n")).isEqualTo(8);
        assertThat(JdkRelease.parseMajor("JAVA_RUNTIME_VERSION=\"17.0.15+6\"\n")).isEqualTo(-1);
    }

    @Test
    void aDirectoryWithoutJavaIsNoJdk(@TempDir Path dir) {
        assertThat(JdkRelease.majorVersion(dir)).isEqualTo(-1);
        assertThat(JdkRelease.majorVersion(null)).isEqualTo(-1);
    }
}
