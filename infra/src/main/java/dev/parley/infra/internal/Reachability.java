package dev.parley.infra.internal;

import dev.parley.infra.InfraException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * As root, PostgreSQL's tools run as another user, who must be able to walk down to the data dir:
 * every existing ancestor needs the world search bit. Checked up front for a clear message
 * instead of initdb's "Permission denied".
 */
public final class Reachability {
    private Reachability() {
    }

    /** @throws InfraException naming the first ancestor of {@code dir} that others cannot enter */
    public static void requireWorldSearchable(Path dir, String who) {
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (!Files.isDirectory(p)) {
                continue; // created later with default permissions
            }
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new InfraException(who + " cannot reach " + dir + ": " + p
                            + " is not searchable by other users (chmod o+x " + p + ")");
                }
            } catch (IOException | UnsupportedOperationException e) {
                return; // not POSIX: nothing to check
            }
        }
    }
}
