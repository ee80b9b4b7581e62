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
 * broadcast, carrier-grade NAT and benchmarking ranges, and the cloud providers' metadata services,
 * however the address is spelled. IPv6 forms that carry an IPv4 address (IPv4-mapped,
 * IPv4-compatible, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged by that IPv4 address.
 * {@code HERALD_ALLOW_PRIVATE_TARGETS=true} lifts this for development and tests.
 */
public final class AddressPolicy {

    /** Host names that name this host or a metadata service without needing DNS to say so. */
    private static final java.util.Set<String> LOCAL_NAMES = java.util.Set.of("localhost", "localhost.localdomain",
            "ip6-localhost", "ip6-loopback", "metadata.google.internal", "metadata", "instance-data",
            "instance-data.ec2.internal");

    /**
     * Metadata services outside the ranges refused anyway: Azure's wire server and DNS (168.63.129.16)
     * sits on a public address. AWS (169.254.169.254, fd00:ec2::254), GCP, Oracle and Alibaba
     * (100.100.100.200) are link-local, unique-local or shared addresses and named here for the reason.
     */
    private static final java.util.Set<String> METADATA_ADDRESSES = java.util.Set.of("169.254.169.254",
            "168.63.129.16", "100.100.100.200", "169.254.170.2", "fd00:ec2:0:0:0:0:0:254");

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
        if (METADATA_ADDRESSES.contains(address.getHostAddress())) {
            return Optional.of("cloud metadata address");
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback address");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified address");
        }
        InetAddress a = embeddedIpv4(address).orElse(address);
        if (a != address && METADATA_ADDRESSES.contains(a.getHostAddress())) {
            return Optional.of("cloud metadata address");
        }
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
            if (first == 198 && (second == 18 || second == 19)) {
                return Optional.of("benchmarking address");
            }
        } else if ((b[0] & 0xfe) == 0xfc) {
            return Optional.of("unique-local address");
        }
        return Optional.empty();
    }

    /**
     * The IPv4 address inside an IPv6 address that carries one: IPv4-mapped, IPv4-compatible, NAT64
     * (64:ff9b::/96, whose gateway would forward to that IPv4 address) and 6to4 (2002:AABB:CCDD::/48).
     */
    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return ipv4Of(b[2], b[3], b[4], b[5]);
        }
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b;
        if (nat64) {
            for (int i = 4; i < 12; i++) {
                if (b[i] != 0) {
                    return Optional.empty();
                }
            }
            return ipv4Of(b[12], b[13], b[14], b[15]);
        }
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
        return ipv4Of(b[12], b[13], b[14], b[15]);
    }

    private static Optional<InetAddress> ipv4Of(byte a, byte b, byte c, byte d) {
        try {
            return Optional.of(InetAddress.getByAddress(new byte[] {a, b, c, d}));
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
        if (LOCAL_NAMES.contains(h) || h.endsWith(".localhost")) {
            return Optional.of("local host name");
        }
        if (h.startsWith("[") || h.contains(":") || h.contains("%")) {
            // an IPv6 literal that does not parse (a zone id, a typo) is refused rather than handed to a resolver
            return literal(h).map(this::refusal).orElse(Optional.of("not a valid IP literal"));
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
