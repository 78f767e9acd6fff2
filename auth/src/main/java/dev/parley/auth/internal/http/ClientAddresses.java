package dev.parley.auth.internal.http;

import dev.parley.auth.AuthConfig.ForwardedHeader;
import dev.parley.auth.Cidr;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The client address that abuse limits count by. It is the TCP peer, unless the peer is a
 * configured trusted proxy: then it is the right-most hop of the forwarded header that is not a
 * trusted proxy itself (every hop left of it was written by the client and proves nothing).
 * Only the one configured header is read, because a proxy passes the other one through untouched
 * and a client could put any address there.
 */
public final class ClientAddresses {
    private final List<Cidr> trusted;
    private final boolean rfc7239;
    private final HeaderName header;

    public ClientAddresses(List<Cidr> trustedProxies, ForwardedHeader header) {
        this.trusted = List.copyOf(trustedProxies);
        this.rfc7239 = header == ForwardedHeader.FORWARDED;
        this.header = rfc7239 ? HeaderNames.FORWARDED : HeaderNames.X_FORWARDED_FOR;
    }

    public String of(ServerRequest req) {
        SocketAddress peer = req.remotePeer().address();
        if (!(peer instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return String.valueOf(peer);
        }
        byte[] peerBytes = inet.getAddress().getAddress();
        return resolve(peerBytes, isTrusted(peerBytes) ? req.headers().values(header) : List.of());
    }

    /**
     * @param peer         the TCP peer's address bytes
     * @param headerValues every value of the forwarded header, in order
     */
    String resolve(byte[] peer, List<String> headerValues) {
        byte[] peerBytes = peer;
        if (!isTrusted(peerBytes)) {
            return text(peerBytes);
        }
        List<String> hops = hops(headerValues);
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<byte[]> hop = Cidr.literal(hops.get(i));
            if (hop.isEmpty()) {
                // "unknown", an obfuscated id or garbage where trust ends: nothing to key by but the proxy.
                return text(peerBytes);
            }
            if (!isTrusted(hop.get())) {
                return text(hop.get());
            }
        }
        return text(hops.isEmpty() ? peerBytes : Cidr.literal(hops.getFirst()).orElse(peerBytes));
    }

    /** The hop addresses of the header's values, left to right, without ports or brackets. */
    List<String> hops(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String value : values) {
            for (String element : value.split(",", -1)) {
                out.add(rfc7239 ? forwardedFor(element) : node(element.trim()));
            }
        }
        return out;
    }

    /** The {@code for=} node of one RFC 7239 element, or "" when it has none. */
    private static String forwardedFor(String element) {
        for (String pair : element.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
                String v = pair.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return node(v);
            }
        }
        return "";
    }

    /** {@code 192.0.2.1}, {@code 192.0.2.1:80}, {@code [2001:db8::1]:80} or {@code 2001:db8::1} to the address. */
    private static String node(String v) {
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            return end > 0 ? v.substring(1, end) : v;
        }
        int colon = v.indexOf(':');
        return colon > 0 && colon == v.lastIndexOf(':') ? v.substring(0, colon) : v;
    }

    private boolean isTrusted(byte[] address) {
        for (Cidr c : trusted) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static String text(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + address.length + " bytes", e);
        }
    }
}
