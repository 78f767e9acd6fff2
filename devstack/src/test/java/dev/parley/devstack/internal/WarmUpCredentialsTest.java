package dev.parley.devstack.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmUpCredentialsTest {
    @Test
    void aDataFolderKeepsItsWarmUpUsers(@TempDir Path dir) throws Exception {
        List<WarmUpCredentials.Login> first = WarmUpCredentials.loadOrCreate(dir, 4);
        assertThat(first).hasSize(4).doesNotHaveDuplicates();
        assertThat(first).allSatisfy(l -> {
            assertThat(l.username()).matches("[a-z0-9_.-]{3,32}");
            assertThat(l.password()).hasSizeBetween(8, 128);
        });
        assertThat(WarmUpCredentials.loadOrCreate(dir, 4)).isEqualTo(first);
        assertThat(WarmUpCredentials.loadOrCreate(dir, 2)).isEqualTo(first.subList(0, 2));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(WarmUpCredentials.FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void moreUsersThanKeptAreMadeAfresh(@TempDir Path dir) throws Exception {
        List<WarmUpCredentials.Login> two = WarmUpCredentials.loadOrCreate(dir, 2);
        List<WarmUpCredentials.Login> four = WarmUpCredentials.loadOrCreate(dir, 4);
        assertThat(four).hasSize(4).doesNotContainAnyElementsOf(two);
        assertThat(WarmUpCredentials.loadOrCreate(dir, 4)).isEqualTo(four);
    }
}
