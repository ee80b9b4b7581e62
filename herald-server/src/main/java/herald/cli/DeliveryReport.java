package herald.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@code herald listen} prints about one request: when, which event type and delivery, whether it
 * verified (and why not), whether it was seen before, and what the forward target answered.
 *
 * @param type the event type, from the body when it verified, else from {@code X-Herald-Event}
 * @param deliveryId from the body when it verified, else from {@code webhook-id}
 * @param rejection the reason code and message when it did not verify or parse
 */
record DeliveryReport(Instant time, Optional<String> type, Optional<String> deliveryId, Optional<Rejection> rejection,
        boolean duplicate, Optional<Forward> forward) {

    /** Why a request was refused. */
    record Rejection(String reason, String message) {}

    /** Where a verified delivery was passed on, and the answer: a status, or an error if there was none. */
    record Forward(String url, OptionalInt status, Optional<String> error) {}

    boolean verified() {
        return rejection.isEmpty();
    }

    /** One line for people, e.g. {@code 10:15:30Z  experiment.started  dlv_...  verified -> 200}. */
    String line() {
        StringBuilder line = new StringBuilder()
                .append(time.truncatedTo(ChronoUnit.SECONDS)).append("  ")
                .append(type.orElse("-")).append("  ")
                .append(deliveryId.orElse("-")).append("  ");
        rejection.ifPresentOrElse(
                r -> line.append("REJECTED ").append(r.reason()).append(": ").append(r.message()),
                () -> line.append("verified").append(duplicate ? " (duplicate)" : ""));
        forward.ifPresent(f -> line.append(" -> ").append(f.status().isPresent()
                ? String.valueOf(f.status().getAsInt()) : "failed: " + f.error().orElse("no answer")));
        return line.toString();
    }

    /** The same as one JSON object on one line, for scripts. */
    String json(ObjectMapper mapper) {
        ObjectNode node = mapper.createObjectNode()
                .put("time", time.toString())
                .put("type", type.orElse(null))
                .put("deliveryId", deliveryId.orElse(null))
                .put("verified", verified());
        rejection.ifPresent(r -> node.put("reason", r.reason()).put("message", r.message()));
        if (verified()) {
            node.put("duplicate", duplicate);
        }
        forward.ifPresent(f -> {
            ObjectNode forwarded = node.putObject("forward").put("url", f.url());
            f.status().ifPresent(s -> forwarded.put("status", s));
            f.error().ifPresent(e -> forwarded.put("error", e));
        });
        return node.toString();
    }
}
