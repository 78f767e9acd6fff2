package dev.parley.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** TCP ports on 127.0.0.1. */
public final class Ports {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private Ports() {
    }

    /** A port that is free right now (the OS picks it); another process may take it before you do. */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new InfraException("cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
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
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(LOOPBACK, port), 1);
        } catch (IOException e) {
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
