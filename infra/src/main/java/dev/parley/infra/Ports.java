package dev.parley.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** TCP ports on 127.0.0.1. */
public final class Ports {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int FIRST = 20000;
    private static final int LAST = 32000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final Random RANDOM = new Random();
    /**
     * One lock file per port handed out, locked by the JVM that handed it out until it exits: two
     * JVMs on one machine (the build runs two modules' tests at once, each starting stacks) could
     * otherwise both find a port free in the seconds before either's server binds it, and one
     * server then fails to start (an edge did, in CI: "Address already in use").
     */
    private static final Path RESERVATIONS = Path.of(System.getProperty("java.io.tmpdir"), "parley-ports");
    private static final Map<Integer, FileChannel> RESERVED = new ConcurrentHashMap<>();

    private Ports() {
    }

    /**
     * A port that is free right now and was not handed out before by this JVM nor by another one
     * still running on this machine. Picked below the kernel's ephemeral range (32768+ on Linux),
     * never by binding port 0: an ephemeral port can be taken by any outgoing connection (Kafka's own
     * clients, say) before the server binds it.
     */
    public static int free() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = FIRST + RANDOM.nextInt(LAST - FIRST);
            if (HANDED_OUT.add(port) && reserve(port) && canBind(port) && !isListening(port)) {
                return port;
            }
        }
        throw new InfraException("cannot find a free port on 127.0.0.1 between " + FIRST + " and " + LAST);
    }

    /**
     * Locks {@code port}'s reservation file for the rest of this JVM's life; false when another
     * holds it. Where no reservation can be written, true: this JVM's own record still holds.
     */
    static boolean reserve(int port) {
        FileChannel channel = null;
        try {
            Files.createDirectories(RESERVATIONS);
            channel = FileChannel.open(reservation(port), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return false;
            }
            RESERVED.put(port, channel); // the lock goes with the channel, when this JVM exits
            return true;
        } catch (OverlappingFileLockException e) {
            close(channel);
            return false; // this JVM holds it already
        } catch (IOException e) {
            close(channel);
            return true;
        }
    }

    static Path reservation(int port) {
        return RESERVATIONS.resolve(Integer.toString(port));
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was reserved
            }
        }
    }

    private static boolean canBind(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(LOOPBACK, port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param what who wants the port, for the message (e.g. {@code "Kafka"})
     * @throws InfraException {@code port N for WHAT is taken} when something listens on it or it cannot be bound
     */
    public static void requireFree(int port, String what) {
        if (port < 1 || port > 65535) {
            throw new InfraException("port " + port + " for " + what + " is not a valid TCP port");
        }
        if (isListening(port)) {
            throw new InfraException("port " + port + " for " + what + " is taken");
        }
        if (!canBind(port)) {
            throw new InfraException("port " + port + " for " + what + " is taken");
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:port. */
    public static boolean isListening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(LOOPBACK, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
