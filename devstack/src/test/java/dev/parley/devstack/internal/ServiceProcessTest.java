package dev.parley.devstack.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServiceProcessTest {
    private static final Path JAR = Path.of("/srv/parley/edge/target/parley-edge-0.1.0-SNAPSHOT.jar");

    @Test
    void java21GetsOnlyTheHeapLimit() {
        assertThat(ServiceProcess.command("/jdk/bin/java", JAR, 21))
                .containsExactly("/jdk/bin/java", "-Xmx384m", "-jar", JAR.toString());
    }

    @Test
    void newerJdksAlsoAllowNativeAndUnsafeAccess() {
        assertThat(ServiceProcess.command("/jdk/bin/java", JAR, 25)).containsExactly("/jdk/bin/java", "-Xmx384m",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-jar", JAR.toString());
    }
}
