package herald.delivery;

import java.util.Optional;

/** One POST of a delivery and what came back. */
public record Attempt(int attempt, long startedAt, long durationMillis, Optional<Integer> responseCode,
                      Optional<String> responseBody, Optional<String> error) {}
