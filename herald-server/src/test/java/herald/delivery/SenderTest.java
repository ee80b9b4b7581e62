package herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import herald.Receiver;
import herald.webhook.AddressPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The attempt on the wire: the attempt-time address check (whatever passed at creation, the resolved
 * address is checked again), TLS verification, and receivers that answer too much or too slowly.
 */
class SenderTest {

    @Test
    void aHostThatResolvesToAPrivateAddressIsRefusedAtTheAttemptAndNothingIsSent() throws Exception {
        try (Receiver receiver = new Receiver();
             Sender strict = new Sender(new AddressPolicy(false), Duration.ofSeconds(2))) {
            Outcome outcome = strict.send(URI.create(receiver.url("/private")), Map.of(), "{}".getBytes())
                    .get(5, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, failed -> {
                assertThat(failed.error()).contains("address not allowed").contains("127.0.0.1");
                assertThat(failed.responseCode()).isEmpty();
            });
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void anUnresolvableHostFailsAtTheAttempt() throws Exception {
        try (Sender sender = new Sender(new AddressPolicy(false), Duration.ofSeconds(2))) {
            Outcome outcome = sender.send(URI.create("https://no-such-host.invalid/hook"), Map.of(), "{}".getBytes())
                    .get(10, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class,
                    failed -> assertThat(failed.error()).contains("resolve"));
        }
    }

    @Test
    void onlyTheFirstKibibyteOfTheResponseIsKept() throws Exception {
        try (Receiver receiver = new Receiver();
             Sender sender = new Sender(new AddressPolicy(true), Duration.ofSeconds(2))) {
            receiver.reply("/big", r -> new Receiver.Reply(200, "x".repeat(100_000), Duration.ZERO));
            Outcome outcome = sender.send(URI.create(receiver.url("/big")), Map.of(), "{}".getBytes())
                    .get(5, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Delivered.class,
                    ok -> assertThat(ok.responseBody()).hasSize(1024));
        }
    }

    @Test
    void aResponseThatNeverEndsIsCutAfter64KibibytesAndA2xxStillCounts() throws Exception {
        try (ScriptedReceiver endless = new ScriptedReceiver(out -> {
                ScriptedReceiver.chunkedHead(out);
                byte[] block = new byte[8192];
                java.util.Arrays.fill(block, (byte) 'y');
                while (true) {
                    ScriptedReceiver.chunk(out, block);
                }
            });
             Sender sender = new Sender(new AddressPolicy(true), Duration.ofSeconds(5))) {
            long start = System.nanoTime();
            Outcome outcome = sender.send(URI.create(endless.url("/endless")), Map.of(), "{}".getBytes())
                    .get(10, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Delivered.class,
                    ok -> assertThat(ok.responseBody()).hasSize(Sender.STORED_RESPONSE_BYTES));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not held until the deadline")
                    .isLessThan(Duration.ofSeconds(4));
            Receiver.sleep(200);
            assertThat(endless.written()).as("the receiver could not push much past the cap before the drop")
                    .isLessThan(8L * 1024 * 1024);
        }
    }

    @Test
    void aReceiverThatDripsItsResponseIsCutAtTheDeadline() throws Exception {
        try (ScriptedReceiver drip = new ScriptedReceiver(out -> {
                ScriptedReceiver.chunkedHead(out);
                while (true) {
                    ScriptedReceiver.chunk(out, new byte[] {'.'});
                    Thread.sleep(50);
                }
            });
             Sender sender = new Sender(new AddressPolicy(true), Duration.ofMillis(800))) {
            long start = System.nanoTime();
            Outcome outcome = sender.send(URI.create(drip.url("/drip")), Map.of(), "{}".getBytes())
                    .get(10, TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class,
                    failed -> assertThat(failed.error()).contains("timed out"));
            assertThat(drip.written()).as("the receiver was dripping when it was cut").isGreaterThan(0);
            assertThat(took).isBetween(Duration.ofMillis(700), Duration.ofSeconds(3));
        }
    }

    @Test
    void aCertificateThatNoTrustedAuthoritySignedIsRefusedAndNothingIsDelivered() throws Exception {
        try (SelfSignedServer https = SelfSignedServer.start();
             Sender sender = new Sender(new AddressPolicy(true), Duration.ofSeconds(5))) {
            Outcome outcome = sender.send(URI.create(https.url("/hook")), Map.of(), "{}".getBytes())
                    .get(10, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, failed -> {
                assertThat(failed.error()).startsWith("TLS error");
                assertThat(failed.responseCode()).isEmpty();
            });
            assertThat(https.requests()).as("no request reached the handler").isZero();
        }
    }

    @Test
    void tlsVerifiesCertificatesAndHostNamesAndOffersOnlyTls12AndUp() {
        try (Sender sender = new Sender(new AddressPolicy(false), Duration.ofSeconds(1))) {
            var tls = sender.tls();
            assertThat(tls.isTrustAll()).isFalse();
            assertThat(tls.getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
            assertThat(tls.getIncludeProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
            assertThat(tls.getSelectedProtocols()).isNotEmpty()
                    .allSatisfy(p -> assertThat(p).isIn("TLSv1.3", "TLSv1.2"));
        }
    }
}
