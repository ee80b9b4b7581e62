package herald.delivery;

import herald.config.RetrySchedule;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Where a retry is decided: what a delivery becomes after one attempt. A success is final. A failure
 * is tried again after the schedule's next delay, or is dead once the round's attempts are spent.
 * The receiver's signals (Standard Webhooks) count too: {@code 429} or {@code 503} with
 * {@code Retry-After} puts the next attempt no earlier than asked, though never later than the
 * schedule's longest delay; {@code 410 Gone} disables the webhook at once (its pending deliveries,
 * this one included, are held, and go on if it is enabled again).
 *
 * @param status          the delivery's state after the attempt
 * @param nextAttemptAt   when it is attempted again, while pending
 * @param disableWebhook  the receiver said the endpoint is gone for good
 */
record RetryDecision(Status status, Optional<Long> nextAttemptAt, boolean disableWebhook) {

    static RetryDecision after(Outcome outcome, int attemptsInRound, RetrySchedule schedule, long now,
                               RandomGenerator random) {
        return switch (outcome) {
            case Outcome.Delivered ok -> new RetryDecision(Status.SUCCESS, Optional.empty(), false);
            case Outcome.Failed failed -> {
                Optional<Duration> delay = schedule.delayAfter(attemptsInRound, random);
                if (delay.isEmpty()) {
                    yield new RetryDecision(Status.DEAD, Optional.empty(), gone(failed));
                }
                Duration wait = delay.get();
                if (failed.retryAfter().isPresent() && asksToWait(failed)) {
                    Duration longest = schedule.delays().getLast();
                    Duration asked = failed.retryAfter().get();
                    wait = asked.compareTo(wait) > 0 ? (asked.compareTo(longest) > 0 ? longest : asked) : wait;
                }
                yield new RetryDecision(Status.PENDING, Optional.of(now + wait.toMillis()), gone(failed));
            }
        };
    }

    private static boolean gone(Outcome.Failed failed) {
        return failed.responseCode().filter(code -> code == 410).isPresent();
    }

    private static boolean asksToWait(Outcome.Failed failed) {
        return failed.responseCode().filter(code -> code == 429 || code == 503).isPresent();
    }
}
