package herald.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The tests' own DNS: names under {@code .herald.test} resolve as {@link #ANSWERS} says, in turn (the
 * first lookup gets the first answer, later ones the last), so a test can play a rebinding name
 * server; every other name goes to the JDK's resolver. Registered for the test JVM through
 * {@code META-INF/services}.
 */
public final class TestNames extends InetAddressResolverProvider {

    /** The answers of each test name, one list of addresses per lookup. */
    static final Map<String, List<List<String>>> ANSWERS = Map.of(
            "loopback.herald.test", List.of(List.of("127.0.0.1")),
            "mixed.herald.test", List.of(List.of("192.0.2.10", "10.0.0.7")),
            "rebinding.herald.test", List.of(List.of("192.0.2.10"), List.of("127.0.0.1")));

    static final Map<String, AtomicInteger> LOOKUPS = new ConcurrentHashMap<>();

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                List<List<String>> answers = ANSWERS.get(host);
                if (answers == null) {
                    return builtin.lookupByName(host, policy);
                }
                int n = LOOKUPS.computeIfAbsent(host, h -> new AtomicInteger()).getAndIncrement();
                List<String> answer = answers.get(Math.min(n, answers.size() - 1));
                return answer.stream().map(TestNames::literal);
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return builtin.lookupByAddress(addr);
            }
        };
    }

    private static InetAddress literal(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String name() {
        return "herald-test-names";
    }
}
