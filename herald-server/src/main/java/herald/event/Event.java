package herald.event;

import herald.account.AccountId;
import java.util.Optional;

/**
 * Something that happened, as published: its {@code data} kept as the exact JSON text it was stored
 * with, so every attempt and every redelivery sends the same bytes.
 */
public record Event(EventId id, AccountId accountId, String type, String data, Optional<String> idempotencyKey,
                    long createdAt) {}
