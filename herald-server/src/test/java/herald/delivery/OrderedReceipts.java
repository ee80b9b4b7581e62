package herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import herald.Api;
import herald.Receiver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * What an ordered webhook's receiver saw, per subject: the sequence numbers of the deliveries it
 * accepted, in the order it accepted them for the first time, and how many requests about one subject
 * it ever had in its handler at once. A reply decides a request's fate; only a 2xx counts as received.
 */
public final class OrderedReceipts {

    private final Map<String, List<Long>> firstAccepted = new ConcurrentHashMap<>();
    private final Set<String> acceptedDeliveries = ConcurrentHashMap.newKeySet();
    private final Set<String> acceptedEvents = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> inHandler = new ConcurrentHashMap<>();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    /** Answers every request to {@code path} with {@code reply}, recording it. */
    public void listen(Receiver receiver, String path, Function<Receiver.Request, Receiver.Reply> reply) {
        receiver.reply(path, request -> answer(request, reply));
    }

    private Receiver.Reply answer(Receiver.Request request, Function<Receiver.Request, Receiver.Reply> reply) {
        JsonNode body = parse(request);
        String subject = body.path("subject").asText();
        AtomicInteger current = inHandler.computeIfAbsent(subject, s -> new AtomicInteger());
        mostAtOnce.accumulateAndGet(current.incrementAndGet(), Math::max);
        requests.incrementAndGet();
        try {
            Receiver.Reply answer = reply.apply(request);
            if (answer.status() / 100 == 2 && acceptedDeliveries.add(body.path("id").asText())) {
                acceptedEvents.add(body.path("eventId").asText());
                // Recorded before the answer leaves: the next delivery about this subject cannot have started yet.
                firstAccepted.computeIfAbsent(subject, s -> java.util.Collections.synchronizedList(new ArrayList<>()))
                        .add(body.path("sequence").asLong());
            }
            return answer;
        } finally {
            current.decrementAndGet();
        }
    }

    static JsonNode parse(Receiver.Request request) {
        try {
            return Api.mapper().readTree(request.rawBody());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + request.body(), e);
        }
    }

    /** Sequences of the deliveries about {@code subject} accepted, in the order first accepted. */
    public List<Long> accepted(String subject) {
        List<Long> list = firstAccepted.getOrDefault(subject, List.of());
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    /** The ids of the events whose delivery was accepted. */
    public Set<String> acceptedEvents() {
        return Set.copyOf(acceptedEvents);
    }

    public int acceptedCount() {
        return acceptedDeliveries.size();
    }

    public int requests() {
        return requests.get();
    }

    /** The most requests about one subject that were ever in the receiver's handler at the same time. */
    public int mostInFlightPerSubject() {
        return mostAtOnce.get();
    }

    /** Waits until {@code count} distinct deliveries were accepted. */
    public void awaitAccepted(int count, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acceptedCount() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " accepted deliveries within " + timeout + ", got "
                        + acceptedCount() + " after " + requests() + " requests");
            }
            Receiver.sleep(20);
        }
    }

    /**
     * Every subject's deliveries were first accepted in strict sequence order from 1, with no gap and
     * no repeat, and no subject ever had two requests in the handler at once.
     */
    public void assertStrictOrder() {
        for (String subject : Set.copyOf(firstAccepted.keySet())) {
            List<Long> accepted = accepted(subject);
            List<Long> expected = new ArrayList<>();
            for (long n = 1; n <= accepted.size(); n++) {
                expected.add(n);
            }
            assertThat(accepted).as("first acceptances of subject " + subject).isEqualTo(expected);
        }
        assertThat(mostInFlightPerSubject()).as("requests about one subject in the receiver at once").isEqualTo(1);
    }

    /**
     * Each subject's deliveries were first accepted in strict sequence order, 1 to {@code perSubject}
     * with no gap and no repeat, and no subject ever had two requests in the handler at once.
     */
    public void assertStrictOrder(Set<String> subjects, int perSubject) {
        List<Long> expected = new ArrayList<>();
        for (long n = 1; n <= perSubject; n++) {
            expected.add(n);
        }
        Set<String> seen = new HashSet<>(firstAccepted.keySet());
        assertThat(seen).containsExactlyInAnyOrderElementsOf(subjects);
        for (String subject : subjects) {
            assertThat(accepted(subject)).as("first acceptances of subject " + subject).isEqualTo(expected);
        }
        assertThat(mostInFlightPerSubject()).as("requests about one subject in the receiver at once").isEqualTo(1);
    }
}
