package dev.parley.devstack.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The warm-up's users, kept in {@code <data-dir>/warm-up-users.json} beside the data they live in:
 * registered on the first start of a data folder, logged in on every later one, so a start adds
 * no users. A folder whose file is gone gets new users (the old ones stay, unused).
 */
public final class WarmUpCredentials {
    static final String FILE = "warm-up-users.json";

    /** A username and its password. */
    public record Login(String username, String password) {}

    private WarmUpCredentials() {}

    /** The {@code count} logins of {@code dataDir}, made and written first if there are not that many. */
    public static List<Login> loadOrCreate(Path dataDir, int count) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            List<Login> kept = Json.mapper().readValue(file.toFile(), new TypeReference<List<Login>>() { });
            if (kept.size() >= count) {
                return kept.subList(0, count);
            }
        }
        SecureRandom random = new SecureRandom();
        String run = HexFormat.of().formatHex(random.generateSeed(4));
        List<Login> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] secret = new byte[18];
            random.nextBytes(secret);
            made.add(new Login("warmup-" + run + "-" + i, HexFormat.of().formatHex(secret)));
        }
        Files.createDirectories(dataDir);
        Files.writeString(file, Json.write(made));
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data folder's own permissions guard it
        }
        return made;
    }
}
