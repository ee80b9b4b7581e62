package herald.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import herald.Api;
import herald.Receiver;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** The event ids a receiver got, read from the native envelopes it was sent. */
final class DeliveredEvents {

    private DeliveredEvents() {}

    /** Waits until every expected event has arrived or the time is up; returns the events that arrived. */
    static Set<String> awaitAll(Receiver receiver, String path, Set<String> expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<String> delivered = new HashSet<>();
            for (Receiver.Request request : receiver.requests(path)) {
                delivered.add(eventId(request));
            }
            if (delivered.containsAll(expected) || System.nanoTime() > deadline) {
                return delivered;
            }
            Receiver.sleep(50);
        }
    }

    private static String eventId(Receiver.Request request) {
        try {
            return Api.mapper().readTree(request.body()).path("eventId").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not a native envelope: " + request.body(), e);
        }
    }
}
