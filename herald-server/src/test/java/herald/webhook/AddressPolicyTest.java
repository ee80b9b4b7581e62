package herald.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    private final AddressPolicy strict = new AddressPolicy(false);
    private final AddressPolicy permissive = new AddressPolicy(true);

    /** Addresses that lead into Herald's own host or network, as IP literals (what a resolver returns). */
    static final List<String> REFUSED_ADDRESSES = List.of(
            "127.0.0.1", "127.255.255.254", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.0.1",
            "169.254.169.254", "0.0.0.0", "100.64.0.1", "100.127.255.255", "224.0.0.1", "239.255.255.250",
            "255.255.255.255", "240.0.0.1", "192.0.0.1",
            "::1", "::", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1",
            "fd00::1", "fc00::1", "fe80::1", "ff02::1",
            // cloud metadata, including Azure's on a public address, and IPv6 forms that carry a private IPv4
            "168.63.129.16", "100.100.100.200", "fd00:ec2::254", "198.18.0.1", "198.19.255.255",
            "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "2002:c0a8:101::1", "::ffff:168.63.129.16",
            "fec0::1", "ff05::1:3");

    /** URL hosts, as {@code URI.getHost()} gives them, in every spelling a socket library would accept. */
    static final List<String> REFUSED_HOSTS = List.of(
            "localhost", "LOCALHOST", "localhost.", "foo.localhost", "a.b.localhost", "metadata.google.internal",
            "127.0.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1",
            "255.255.255.255",
            "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[fd00::1]", "[fc00::1]", "[fe80::1]", "[::]",
            "::1", "fe80::1",
            "2130706433", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "0X7F.1", "127.1", "127.0.1", "017700000001",
            "3232235521", "0xa9fea9fe",
            "localhost.localdomain", "ip6-localhost", "ip6-loopback", "metadata", "instance-data",
            "0", "0x0", "00", "0.0", "127.0.0.1.", "0x7F.0X0.0.01", "0251.0376.0251.0376", "2852039166",
            "[::ffff:a9fe:a9fe]", "[::ffff:169.254.169.254]", "[0:0:0:0:0:ffff:127.0.0.1]", "[0000::1]",
            "[fe80::1%25eth0]", "[::1%251]", "[not-an-address]", "[64:ff9b::a9fe:a9fe]", "[2002:a9fe:a9fe::]",
            "[fd00:ec2::254]", "168.63.129.16");

    static final List<String> ALLOWED_ADDRESSES = List.of("8.8.8.8", "1.1.1.1", "2606:4700::1111",
            "2001:4860:4860::8888", "100.128.0.1", "172.32.0.1", "198.20.0.1", "64:ff9b::808:808",
            "2002:808:808::1");

    @ParameterizedTest
    @FieldSource("REFUSED_ADDRESSES")
    void refusesAddressesIntoHeraldsOwnNetwork(String literal) {
        assertThat(strict.refusal(address(literal))).as(literal).isPresent();
    }

    @ParameterizedTest
    @FieldSource("REFUSED_HOSTS")
    void refusesHostsIntoHeraldsOwnNetworkHoweverSpelled(String host) {
        assertThat(strict.hostRefusal(host)).as(host).isPresent();
    }

    @ParameterizedTest
    @FieldSource("ALLOWED_ADDRESSES")
    void allowsPublicAddresses(String literal) {
        assertThat(strict.refusal(address(literal))).as(literal).isEmpty();
        String host = literal.contains(":") ? "[" + literal + "]" : literal;
        assertThat(strict.hostRefusal(host)).as(host).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "hooks.example.org", "no-such-host.invalid", "localhost.example.com",
        "mylocalhost", "127.0.0.1.nip.io", "0x7f.example"})
    void allowsHostNamesThatNeedResolving(String host) {
        assertThat(strict.hostRefusal(host)).as(host).isEmpty();
    }

    @Test
    void namesTheReasonForARefusal() {
        assertThat(strict.refusal(address("127.0.0.1"))).contains("loopback address");
        assertThat(strict.refusal(address("169.254.1.1"))).contains("link-local address");
        assertThat(strict.refusal(address("169.254.169.254"))).contains("cloud metadata address");
        assertThat(strict.hostRefusal("[fe80::1%25eth0]")).contains("not a valid IP literal");
        assertThat(strict.refusal(address("10.0.0.1"))).contains("private address");
        assertThat(strict.hostRefusal("localhost")).contains("local host name");
        assertThat(strict.refusal(address("::1"))).as("IPv6 loopback is not read as IPv4-compatible 0.0.0.1")
                .contains("loopback address");
    }

    @Test
    void allowingPrivateTargetsAllowsEverything() {
        assertThat(permissive.allowPrivate()).isTrue();
        assertThat(strict.allowPrivate()).isFalse();
        for (String literal : REFUSED_ADDRESSES) {
            assertThat(permissive.refusal(address(literal))).as(literal).isEmpty();
        }
        for (String host : REFUSED_HOSTS) {
            assertThat(permissive.hostRefusal(host)).as(host).isEmpty();
        }
    }

    @Test
    void parsesIpv4LiteralsAsInetAtonDoes() {
        assertThat(AddressPolicy.literal("2130706433")).contains(address("127.0.0.1"));
        assertThat(AddressPolicy.literal("0177.0.0.1")).contains(address("127.0.0.1"));
        assertThat(AddressPolicy.literal("0x7f.0.0.1")).contains(address("127.0.0.1"));
        assertThat(AddressPolicy.literal("127.1")).contains(address("127.0.0.1"));
        assertThat(AddressPolicy.literal("10.1.515")).contains(address("10.1.2.3"));
        assertThat(AddressPolicy.literal("[::1]")).contains(address("::1"));
        assertThat(AddressPolicy.literal("256.0.0.1")).isEmpty();
        assertThat(AddressPolicy.literal("4294967296")).isEmpty();
        assertThat(AddressPolicy.literal("1.2.3.4.5")).isEmpty();
        assertThat(AddressPolicy.literal("08.0.0.1")).as("8 is not an octal digit").isEmpty();
        assertThat(AddressPolicy.literal("example.com")).isEmpty();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(literal + " is not an IP literal", e);
        }
    }
}
