package herald.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which network addresses a webhook may reach. Herald POSTs to URLs its users type, so by default it
 * refuses every address that leads into its own host or network (server-side request forgery):
 * loopback, private, link-local (cloud metadata lives there), unique-local, unspecified, multicast,
 * broadcast and carrier-grade NAT ranges, however the address is spelled.
 * {@code HERALD_ALLOW_PRIVATE_TARGETS=true} lifts this for development and tests.
 */
public final class AddressPolicy {

    private final boolean allowPrivate;

    public AddressPolicy(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    public boolean allowPrivate() {
        return allowPrivate;
    }

    /** Why this address may not be reached, or empty when it may. */
    public Optional<String> refusal(InetAddress address) {
        if (allowPrivate) {
            return Optional.empty();
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback address");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified address");
        }
        InetAddress a = embeddedIpv4(address).orElse(address);
        if (a.isLoopbackAddress()) {
            return Optional.of("loopback address");
        }
        if (a.isAnyLocalAddress()) {
            return Optional.of("unspecified address");
        }
        if (a.isLinkLocalAddress()) {
            return Optional.of("link-local address");
        }
        if (a.isSiteLocalAddress()) {
            return Optional.of("private address");
        }
        if (a.isMulticastAddress()) {
            return Optional.of("multicast address");
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return Optional.of("unspecified address");
            }
            if (first == 100 && second >= 64 && second < 128) {
                return Optional.of("shared (carrier-grade NAT) address");
            }
            if (first >= 240) {
                return Optional.of("reserved or broadcast address");
            }
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
                return Optional.of("IETF protocol assignment address");
            }
        } else if ((b[0] & 0xfe) == 0xfc) {
            return Optional.of("unique-local address");
        }
        return Optional.empty();
    }

    /** The IPv4 address inside an IPv4-mapped or IPv4-compatible IPv6 address. */
    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return Optional.empty();
            }
        }
        boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = b[10] == 0 && b[11] == 0;
        if (!mapped && !compatible) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * Why a URL's host may not be reached, judged without DNS: names of the local host, and IP
     * literals in any spelling (dotted, decimal, octal, hex, IPv6, IPv4-mapped). A name that needs
     * resolving passes here and is checked again, resolved, at every attempt.
     */
    public Optional<String> hostRefusal(String host) {
        if (allowPrivate) {
            return Optional.empty();
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost") || h.equals("metadata.google.internal")) {
            return Optional.of("local host name");
        }
        return literal(h).flatMap(this::refusal);
    }

    /** Parses an IP literal as the socket libraries would: {@code [v6]}, or IPv4 in inet_aton forms. */
    static Optional<InetAddress> literal(String host) {
        try {
            if (host.startsWith("[") && host.endsWith("]")) {
                return Optional.of(InetAddress.getByName(host.substring(1, host.length() - 1)));
            }
            if (host.contains(":")) {
                return Optional.of(InetAddress.getByName(host));
            }
            return inetAton(host).map(AddressPolicy::ipv4);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** inet_aton: 1 to 4 dot-separated parts, each decimal, octal (leading 0) or hex (0x). */
    private static Optional<Long> inetAton(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Optional<Long> v = number(parts[i]);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            values[i] = v.get();
        }
        long result = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 255) {
                return Optional.empty();
            }
            result |= values[i] << (24 - 8 * i);
        }
        long last = values[values.length - 1];
        long lastMax = (1L << (8 * (5 - values.length))) - 1;
        if (last > lastMax) {
            return Optional.empty();
        }
        return Optional.of(result | last);
    }

    private static Optional<Long> number(String part) {
        try {
            if (part.isEmpty()) {
                return Optional.empty();
            }
            if (part.startsWith("0x") || part.startsWith("0X")) {
                return part.length() == 2 ? Optional.of(0L) : Optional.of(Long.parseLong(part.substring(2), 16));
            }
            if (part.length() > 1 && part.startsWith("0")) {
                return Optional.of(Long.parseLong(part.substring(1), 8));
            }
            return Optional.of(Long.parseLong(part));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static InetAddress ipv4(long value) {
        try {
            return InetAddress.getByAddress(new byte[] {
                (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
