package dev.parley.infra.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a JDK home's {@code release} file instead of running {@code java -version}: it is instant. */
public final class JdkRelease {
    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?(\\d+)(?:\\.[^\"]*)?\"?\\s*$");

    private JdkRelease() {
    }

    /** The feature version (17, 21, 25) of the JDK at {@code home}, or -1 when it is not a usable JDK home. */
    public static int majorVersion(Path home) {
        if (home == null || !Files.isExecutable(home.resolve("bin/java"))) {
            return -1;
        }
        try {
            return parseMajor(Files.readString(home.resolve("release")));
        } catch (IOException e) {
            return -1;
        }
    }

    static int parseMajor(String releaseFile) {
        Matcher m = VERSION.matcher(releaseFile);
        if (!m.find()) {
            return -1;
        }
        int major = Integer.parseInt(m.group(1));
        return major == 1 ? 8 : major; // "1.8.0_x" style
    }
}
