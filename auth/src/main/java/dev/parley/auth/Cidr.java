package dev.parley.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IP address block such as {@code 10.0.0.0/8}, {@code 192.0.2.7} (one address) or
 * {@code fd00::/8}: the form of {@code auth.trusted-proxies}.
 *
 * @param network the block's first address, as raw bytes (4 or 16)
 * @param bits    the prefix length
 */
public record Cidr(byte[] network, int bits) {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    public Cidr {
        network = network.clone();
        if (bits < 0 || bits > network.length * 8) {
            throw new IllegalArgumentException("prefix length " + bits + " out of range");
        }
    }

    /** @throws IllegalArgumentException when {@code text} is not an address or address/prefix */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = literal(address).orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an IP address"));
        int bits = bytes.length * 8;
        if (slash >= 0) {
            String prefix = text.substring(slash + 1);
            if (!prefix.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
            }
            bits = Integer.parseInt(prefix);
        }
        return new Cidr(bytes, bits);
    }

    /**
     * The bytes of an IP address literal (dotted-quad IPv4 or IPv6, no zone), without ever asking
     * DNS: a header value must not make the service resolve names.
     */
    public static Optional<byte[]> literal(String s) {
        if (s == null) {
            return Optional.empty();
        }
        boolean v4 = IPV4.matcher(s).matches();
        if (!v4 && !(s.indexOf(':') >= 0 && IPV6.matcher(s).matches())) {
            return Optional.empty();
        }
        try {
            // Only literals reach here (checked above), so getByName does not resolve anything.
            byte[] b = InetAddress.getByName(v4 ? s : "[" + s + "]").getAddress();
            return Optional.of(b);
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.bits == bits && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + bits;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + bits;
        } catch (UnknownHostException e) {
            return "?/" + bits;
        }
    }
}
