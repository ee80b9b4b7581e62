package herald.delivery;

import herald.account.AccountId;
import herald.db.Tx;
import herald.event.Event;
import herald.event.EventId;
import herald.page.PageRequest;
import herald.webhook.WebhookId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of deliveries and attempts, including the queue's: claim, outcome, hold and release.
 *
 * <p>The {@code status} column is the queue state: {@code pending} (waiting for an attempt or a
 * retry), {@code success} or {@code dead}. The API's {@code failed} is derived: pending with a failed
 * attempt in the current round ({@code attempts > round_start}).
 */
public final class DeliveryStore {

    private static final String COLUMNS = "id, account_id, webhook_id, event_id, event_type, status, attempts,"
            + " round_start, response_code, response_body, error, created_at, last_attempt_at, next_attempt_at,"
            + " held, subject, sequence";

    /**
     * A delivery claimed for an attempt, with the lease that must still be held to record its outcome,
     * and its place among its subject's deliveries when its webhook orders them.
     */
    public record Claim(DeliveryId id, WebhookId webhookId, EventId eventId, int attempts, int roundStart, long lease,
                        long leaseUntil, Optional<SubjectSequence> order) {

        public Claim(DeliveryId id, WebhookId webhookId, EventId eventId, int attempts, int roundStart, long lease,
                     long leaseUntil) {
            this(id, webhookId, eventId, attempts, roundStart, lease, leaseUntil, Optional.empty());
        }
    }

    private static final String INSERT = "INSERT INTO deliveries (id, account_id, webhook_id, event_id, event_type,"
            + " status, held, attempts, round_start, next_attempt_at, lease, lease_owner, created_at)"
            + " VALUES (?, ?, ?, ?, ?, 'pending', ?, 0, 0, ?, ?, ?, ?)";

    /** Inserts one pending delivery per webhook, due now, and returns their ids, in the webhooks' order. */
    public List<DeliveryId> insertPending(Tx tx, Event event, List<WebhookId> webhookIds, boolean held, long now) {
        List<Object[]> rows = new ArrayList<>(webhookIds.size());
        List<DeliveryId> ids = new ArrayList<>(webhookIds.size());
        for (WebhookId webhookId : webhookIds) {
            DeliveryId id = DeliveryId.at(now);
            ids.add(id);
            rows.add(new Object[] {id, event.accountId(), webhookId, event.id(), event.type(), held, now, 0, null, now});
        }
        tx.batch(INSERT, rows);
        return ids;
    }

    private static final String INSERT_ORDERED = "INSERT INTO deliveries (id, account_id, webhook_id, event_id,"
            + " event_type, status, held, attempts, round_start, next_attempt_at, lease, created_at, subject, sequence,"
            + " position) VALUES (?, ?, ?, ?, ?, 'pending', ?, 0, 0, ?, 0, ?, ?, ?, ?)";

    /**
     * Inserts one pending delivery per webhook that orders its deliveries, each at the back of the
     * queue of {@code subject} to that webhook, with the next sequence number. Returns their ids, in
     * the webhooks' order. They are never leased at insert: only the claim knows whether a delivery
     * is its subject's head.
     */
    public List<DeliveryId> insertOrdered(Tx tx, Event event, List<WebhookId> webhookIds, String subject,
                                          boolean held, long now) {
        List<DeliveryId> ids = new ArrayList<>(webhookIds.size());
        for (WebhookId webhookId : webhookIds) {
            long[] numbers = tx.one("INSERT INTO subject_sequences (webhook_id, subject, last_sequence, last_position)"
                    + " VALUES (?, ?, 1, 1) ON CONFLICT (webhook_id, subject) DO UPDATE SET"
                    + " last_sequence = subject_sequences.last_sequence + 1,"
                    + " last_position = subject_sequences.last_position + 1 RETURNING last_sequence, last_position",
                    rs -> new long[] {rs.getLong(1), rs.getLong(2)}, webhookId, subject).orElseThrow();
            DeliveryId id = DeliveryId.at(now);
            ids.add(id);
            tx.update(INSERT_ORDERED, id, event.accountId(), webhookId, event.id(), event.type(), held, now, now,
                    subject, numbers[0], numbers[1]);
        }
        return ids;
    }

    /**
     * Moves an ordered delivery that goes back to pending (a redelivery, a recovery of a dead one) to
     * the back of its subject's queue: it keeps its sequence, so it sends the same body, and waits for
     * everything already pending about its subject. Does nothing to a delivery without a subject.
     */
    private void toBackOfQueue(Tx tx, DeliveryId id) {
        tx.one("SELECT webhook_id, subject FROM deliveries WHERE id = ? AND subject IS NOT NULL",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, id).ifPresent(place -> {
            long position = tx.one("UPDATE subject_sequences SET last_position = last_position + 1"
                    + " WHERE webhook_id = ? AND subject = ? RETURNING last_position",
                    rs -> rs.getLong(1), place[0], place[1]).orElseThrow();
            tx.update("UPDATE deliveries SET position = ? WHERE id = ?", position, id);
        });
    }

    /**
     * Inserts one pending delivery per webhook already claimed by {@code owner} (lease number 1 until
     * {@code leaseUntil}), as a claim would leave it, and returns the claims, in the webhooks' order.
     */
    public List<Claim> insertLeased(Tx tx, Event event, List<WebhookId> webhookIds, String owner, long leaseUntil,
                                    long now) {
        List<Object[]> rows = new ArrayList<>(webhookIds.size());
        List<Claim> claims = new ArrayList<>(webhookIds.size());
        for (WebhookId webhookId : webhookIds) {
            DeliveryId id = DeliveryId.at(now);
            claims.add(new Claim(id, webhookId, event.id(), 0, 0, 1, leaseUntil));
            rows.add(new Object[] {id, event.accountId(), webhookId, event.id(), event.type(), false, leaseUntil, 1,
                    owner, now});
        }
        tx.batch(INSERT, rows);
        return claims;
    }

    /** How much is waiting: pending deliveries not held, and when the oldest of them was created. */
    public record Backlog(long pending, java.util.Optional<Long> oldestCreatedAt) {}

    public Backlog backlog(Tx tx) {
        return tx.one("SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM deliveries"
                + " WHERE status = 'pending' AND held = 0",
                rs -> new Backlog(rs.getLong("pending"), Tx.optionalLong(rs, "oldest"))).orElseThrow();
    }

    /** A webhook that has pending deliveries, and when the earliest of them is due. */
    public record Queue(WebhookId webhookId, long due) {}

    /**
     * Every webhook with pending, not held deliveries, with its earliest due time. A loose index
     * scan over {@code deliveries_queue}: two index probes per webhook, whatever the backlog.
     */
    public List<Queue> queues(Tx tx) {
        return tx.query("WITH RECURSIVE hooks (id) AS ("
                + " SELECT (SELECT MIN(webhook_id) FROM deliveries WHERE status = 'pending' AND held = 0)"
                + " UNION ALL"
                + " SELECT (SELECT MIN(webhook_id) FROM deliveries WHERE status = 'pending' AND held = 0"
                + " AND webhook_id > hooks.id) FROM hooks WHERE hooks.id IS NOT NULL)"
                + " SELECT id, (SELECT MIN(next_attempt_at) FROM deliveries WHERE status = 'pending' AND held = 0"
                + " AND webhook_id = hooks.id) AS due FROM hooks WHERE id IS NOT NULL",
                rs -> new Queue(new WebhookId(rs.getString("id")), rs.getLong("due")));
    }

    /**
     * Claims up to {@code limit} due deliveries of one webhook, earliest first. A claim moves
     * {@code next_attempt_at} to the end of the lease and bumps the lease number: if this node dies,
     * the delivery becomes due again by itself; if it lives, only the holder of the lease number can
     * record the outcome.
     */
    public List<Claim> claim(Tx tx, WebhookId webhookId, long now, long leaseUntil, String owner, int limit) {
        return lease(tx, tx.query("SELECT " + CLAIM_COLUMNS + " FROM deliveries"
                        + " WHERE webhook_id = ? AND status = 'pending' AND held = 0 AND next_attempt_at <= ?"
                        + " ORDER BY next_attempt_at LIMIT ?" + tx.dialect().skipLocked(),
                rs -> claimed(rs, leaseUntil), webhookId, now, limit), leaseUntil, owner);
    }

    /**
     * Claims for a webhook that orders its deliveries per subject: up to {@code limit} due deliveries,
     * earliest due first, each the head of its subject's queue (the pending delivery with the lowest
     * position), so a subject whose head is in flight or waiting for a retry gives nothing; and due
     * deliveries without a subject (queued before the webhook was ordered) as {@link #claim} would.
     *
     * <p>The heads are found by a loose index scan over the webhook's pending subjects, then locked by
     * id with their state checked again: on PostgreSQL a head another node claimed meanwhile is skipped
     * or no longer due, and a subject's next delivery becomes head only once its predecessor's outcome
     * has committed, so one subject never has two attempts in flight.
     */
    public List<Claim> claimOrdered(Tx tx, WebhookId webhookId, long now, long leaseUntil, String owner, int limit) {
        List<DeliveryId> heads = tx.query("WITH RECURSIVE subjects (s) AS ("
                        + " SELECT (SELECT MIN(subject) FROM deliveries WHERE webhook_id = ? AND status = 'pending'"
                        + " AND subject IS NOT NULL)"
                        + " UNION ALL SELECT (SELECT MIN(subject) FROM deliveries WHERE webhook_id = ?"
                        + " AND status = 'pending' AND subject IS NOT NULL AND subject > subjects.s)"
                        + " FROM subjects WHERE subjects.s IS NOT NULL)"
                        + " SELECT h.id FROM subjects JOIN deliveries h ON h.id = (SELECT id FROM deliveries"
                        + " WHERE webhook_id = ? AND status = 'pending' AND subject IS NOT NULL AND subject = subjects.s"
                        + " ORDER BY position LIMIT 1)"
                        + " WHERE h.held = 0 AND h.next_attempt_at <= ? ORDER BY h.next_attempt_at LIMIT ?",
                rs -> new DeliveryId(rs.getString(1)), webhookId, webhookId, webhookId, now, limit);
        List<Claim> claims = new ArrayList<>();
        if (!heads.isEmpty()) {
            claims.addAll(lease(tx, tx.queryIn("SELECT " + CLAIM_COLUMNS + " FROM deliveries WHERE id IN (%s)"
                            + " AND status = 'pending' AND held = 0 AND next_attempt_at <= ?" + tx.dialect().skipLocked(),
                    heads, rs -> claimed(rs, leaseUntil), now), leaseUntil, owner));
        }
        if (claims.size() < limit) {
            claims.addAll(lease(tx, tx.query("SELECT " + CLAIM_COLUMNS + " FROM deliveries"
                            + " WHERE webhook_id = ? AND status = 'pending' AND held = 0 AND next_attempt_at <= ?"
                            + " AND subject IS NULL ORDER BY next_attempt_at LIMIT ?" + tx.dialect().skipLocked(),
                    rs -> claimed(rs, leaseUntil), webhookId, now, limit - claims.size()), leaseUntil, owner));
        }
        return claims;
    }

    private static final String CLAIM_COLUMNS = "id, webhook_id, event_id, attempts, round_start, lease, subject,"
            + " sequence";

    private static Claim claimed(ResultSet rs, long leaseUntil) throws SQLException {
        return new Claim(new DeliveryId(rs.getString("id")), new WebhookId(rs.getString("webhook_id")),
                new EventId(rs.getString("event_id")),
                rs.getInt("attempts"), rs.getInt("round_start"), rs.getLong("lease") + 1, leaseUntil, order(rs));
    }

    private static Optional<SubjectSequence> order(ResultSet rs) throws SQLException {
        String subject = rs.getString("subject");
        return subject == null ? Optional.empty() : Optional.of(new SubjectSequence(subject, rs.getLong("sequence")));
    }

    /** Takes the claims' leases: due again at {@code leaseUntil} if this node dies, and only theirs to record. */
    private static List<Claim> lease(Tx tx, List<Claim> claims, long leaseUntil, String owner) {
        List<Object[]> updates = new ArrayList<>(claims.size());
        for (Claim c : claims) {
            updates.add(new Object[] {leaseUntil, c.lease(), owner, c.id(), c.lease() - 1});
        }
        tx.batch("UPDATE deliveries SET next_attempt_at = ?, lease = ?, lease_owner = ? WHERE id = ? AND lease = ?",
                updates);
        return claims;
    }

    /**
     * Records an attempt's outcome and the status it leads to if the lease is still held. Returns false
     * when it is not (the delivery was re-queued or reclaimed meanwhile); then nothing is written.
     */
    boolean recordAttempt(Tx tx, Claim claim, RetryDecision decision, Attempt attempt) {
        int changed = tx.update("UPDATE deliveries SET status = ?, attempts = ?, next_attempt_at = ?, lease_owner = NULL,"
                        + " response_code = ?, response_body = ?, error = ?, last_attempt_at = ?"
                        + " WHERE id = ? AND lease = ?",
                decision.status().wireName(), attempt.attempt(), decision.nextAttemptAt().orElse(null),
                attempt.responseCode().orElse(null), attempt.responseBody().orElse(null), attempt.error().orElse(null),
                attempt.startedAt(), claim.id(), claim.lease());
        if (changed == 0) {
            return false;
        }
        tx.update("INSERT INTO attempts (delivery_id, attempt, started_at, duration_ms, response_code, response_body, error)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                claim.id(), attempt.attempt(), attempt.startedAt(), attempt.durationMillis(),
                attempt.responseCode().orElse(null), attempt.responseBody().orElse(null), attempt.error().orElse(null));
        return true;
    }

    /** Gives a claimed delivery back unattempted, due at once (its lease could not be used). */
    public void release(Tx tx, Claim claim, long now) {
        tx.update("UPDATE deliveries SET next_attempt_at = ?, lease_owner = NULL WHERE id = ? AND lease = ?",
                now, claim.id(), claim.lease());
    }

    /** Makes every lease of this database due now: at start of a single-node embedded store, no one else holds them. */
    public int releaseAllLeases(Tx tx, long now) {
        return tx.update("UPDATE deliveries SET next_attempt_at = ?, lease_owner = NULL, lease = lease + 1"
                + " WHERE status = 'pending' AND lease_owner IS NOT NULL", now);
    }

    public void holdWebhook(Tx tx, WebhookId webhookId) {
        tx.update("UPDATE deliveries SET held = 1 WHERE webhook_id = ? AND status = 'pending' AND held = 0", webhookId);
    }

    public int releaseWebhook(Tx tx, WebhookId webhookId) {
        return tx.update("UPDATE deliveries SET held = 0 WHERE webhook_id = ? AND status = 'pending' AND held = 1",
                webhookId);
    }

    /** Holds the account's pending deliveries, as a disabled webhook's are: its plan no longer includes webhooks. */
    public void holdAccount(Tx tx, AccountId accountId) {
        tx.update("UPDATE deliveries SET held = 1 WHERE account_id = ? AND status = 'pending' AND held = 0", accountId);
    }

    /**
     * Lets the account's held deliveries go on, except those of its disabled webhooks, which wait
     * for their webhook to be enabled. Returns how many it released.
     */
    public int releaseAccount(Tx tx, AccountId accountId) {
        return tx.update("UPDATE deliveries SET held = 0 WHERE account_id = ? AND status = 'pending' AND held = 1"
                + " AND webhook_id IN (SELECT id FROM webhooks WHERE account_id = ? AND enabled = 1)",
                accountId, accountId);
    }

    public void deleteOfWebhook(Tx tx, WebhookId webhookId) {
        tx.update("DELETE FROM subject_sequences WHERE webhook_id = ?", webhookId);
        tx.update("DELETE FROM attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE webhook_id = ?)", webhookId);
        tx.update("DELETE FROM deliveries WHERE webhook_id = ?", webhookId);
    }

    /**
     * Starts a fresh round of attempts for a finished delivery: same id, same payload. The lease
     * number moves on, so an attempt still in flight from before cannot record over the new round.
     */
    public boolean requeue(Tx tx, DeliveryId id, boolean held, long now) {
        boolean requeued = tx.update("UPDATE deliveries SET status = 'pending', held = ?, round_start = attempts,"
                + " next_attempt_at = ?, lease = lease + 1, lease_owner = NULL WHERE id = ? AND status <> 'pending'",
                held, now, id) == 1;
        if (requeued) {
            toBackOfQueue(tx, id);
        }
        return requeued;
    }

    public Optional<Delivery> find(Tx tx, AccountId accountId, DeliveryId id) {
        return tx.one("SELECT " + COLUMNS + " FROM deliveries WHERE id = ? AND account_id = ?", DeliveryStore::map,
                id, accountId);
    }

    /** History of a webhook, newest first, the deliveries the filter keeps. */
    public List<Delivery> listOfWebhook(Tx tx, WebhookId webhookId, DeliveryFilter filter, PageRequest page) {
        return history(tx, "webhook_id", webhookId, filter, page);
    }

    /**
     * An account's deliveries across its webhooks, newest first, the deliveries the filter keeps (the
     * dead-letter queue is {@code status = dead}). Pages by id on {@code deliveries_by_account}.
     */
    public List<Delivery> listOfAccount(Tx tx, AccountId accountId, DeliveryFilter filter, PageRequest page) {
        return history(tx, "account_id", accountId, filter, page);
    }

    /** The deliveries whose {@code scope} column is {@code owner}, newest first, that the filter keeps. */
    private static List<Delivery> history(Tx tx, String scope, Object owner, DeliveryFilter filter, PageRequest page) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM deliveries WHERE " + scope + " = ? AND id < ?");
        List<Object> args = new ArrayList<>(List.of(owner, page.below()));
        filter.status().ifPresent(s -> {
            switch (s) {
                case PENDING -> sql.append(" AND status = 'pending' AND attempts = round_start");
                case FAILED -> sql.append(" AND status = 'pending' AND attempts > round_start");
                case SUCCESS, DEAD -> {
                    sql.append(" AND status = ?");
                    args.add(s.wireName());
                }
            }
        });
        filter.eventType().ifPresent(type -> {
            sql.append(" AND event_type = ?");
            args.add(type);
        });
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(page.limit());
        return tx.query(sql.toString(), DeliveryStore::map, args.toArray());
    }

    /**
     * A delivery that a recovery may give a fresh round; {@code finished} when it is dead rather than
     * failed (still pending, between retries).
     */
    public record Recoverable(DeliveryId id, long createdAt, boolean finished) {}

    /**
     * Up to {@code batch} failed (between retries, not in flight) or dead deliveries of a webhook
     * created in {@code [since, until)}, the first by id after {@code after}: ids are time-ordered,
     * so batches go in creation order. Only ids and times are read, so a recovery of any size holds
     * one batch in memory. The rows are locked as read, so {@link #requeueAt} changes exactly these.
     */
    public List<Recoverable> recoverable(Tx tx, WebhookId webhookId, long since, long until, String after, int batch) {
        return tx.query("SELECT id, created_at, status FROM deliveries WHERE webhook_id = ? AND id > ? AND created_at >= ?"
                        + " AND created_at < ? AND (status = 'dead' OR (status = 'pending' AND attempts > round_start"
                        + " AND lease_owner IS NULL)) ORDER BY id LIMIT ?" + tx.dialect().forUpdate(),
                rs -> new Recoverable(new DeliveryId(rs.getString(1)), rs.getLong(2), !rs.getString(3).equals("pending")), webhookId,
                after, since, until, batch);
    }

    /**
     * Starts a fresh round for each delivery, due at the time given with it: the claim takes a
     * webhook's deliveries earliest due first, so distinct increasing times set the order they go in.
     * The lease number moves on, as in {@link #requeue}. Of an ordered webhook, a dead delivery goes
     * to the back of its subject's queue, as a redelivery does; a failed one is its subject's head
     * already and keeps its place.
     */
    public void requeueAt(Tx tx, List<Recoverable> rows, Map<DeliveryId, Long> dueById, boolean held) {
        tx.batch("UPDATE deliveries SET status = 'pending', held = ?, round_start = attempts, next_attempt_at = ?,"
                        + " lease = lease + 1, lease_owner = NULL WHERE id = ?",
                dueById.entrySet().stream().map(e -> new Object[] {held, e.getValue(), e.getKey()}).toList());
        rows.stream().filter(Recoverable::finished).forEach(row -> toBackOfQueue(tx, row.id()));
    }

    public List<Attempt> attempts(Tx tx, DeliveryId deliveryId) {
        return tx.query("SELECT attempt, started_at, duration_ms, response_code, response_body, error FROM attempts"
                + " WHERE delivery_id = ? ORDER BY attempt", rs -> new Attempt(rs.getInt("attempt"),
                rs.getLong("started_at"), rs.getLong("duration_ms"), Tx.optionalInt(rs, "response_code"),
                Tx.optionalString(rs, "response_body"), Tx.optionalString(rs, "error")), deliveryId);
    }

    /** Attempts that succeeded and failed in one period of a webhook's activity. */
    public record Tally(long periodStart, long succeeded, long failed) {}

    /**
     * The webhook's attempts since {@code since}, counted per period of {@code periodMillis} (periods
     * with no attempts are absent). An attempt succeeded when it got a 2xx and no error.
     */
    public List<Tally> tallies(Tx tx, WebhookId webhookId, long since, long periodMillis) {
        return tx.query("SELECT (a.started_at - ?) / ? AS period,"
                        + " SUM(CASE WHEN a.error IS NULL AND a.response_code BETWEEN 200 AND 299 THEN 1 ELSE 0 END) AS ok,"
                        + " COUNT(*) AS total"
                        + " FROM attempts a JOIN deliveries d ON d.id = a.delivery_id"
                        + " WHERE d.webhook_id = ? AND a.started_at >= ? GROUP BY period ORDER BY period",
                rs -> new Tally(since + rs.getLong("period") * periodMillis, rs.getLong("ok"),
                        rs.getLong("total") - rs.getLong("ok")),
                since, periodMillis, webhookId, since);
    }

    /** Deletes up to {@code batch} finished deliveries created before {@code before}, with their attempts. */
    public int purge(Tx tx, long before, int batch) {
        List<String> ids = tx.query("SELECT id FROM deliveries WHERE created_at < ? AND status <> 'pending' LIMIT ?",
                rs -> rs.getString(1), before, batch);
        if (ids.isEmpty()) {
            return 0;
        }
        List<Object[]> rows = ids.stream().map(id -> new Object[] {id}).toList();
        tx.batch("DELETE FROM attempts WHERE delivery_id = ?", rows);
        tx.batch("DELETE FROM deliveries WHERE id = ?", rows);
        return ids.size();
    }

    private static Delivery map(ResultSet rs) throws SQLException {
        String stored = rs.getString("status");
        int attempts = rs.getInt("attempts");
        Status status = switch (stored) {
            case "success" -> Status.SUCCESS;
            case "dead" -> Status.DEAD;
            default -> attempts > rs.getInt("round_start") ? Status.FAILED : Status.PENDING;
        };
        return new Delivery(new DeliveryId(rs.getString("id")), new AccountId(rs.getString("account_id")),
                new WebhookId(rs.getString("webhook_id")), new EventId(rs.getString("event_id")), rs.getString("event_type"), status, attempts,
                Tx.optionalInt(rs, "response_code"), Tx.optionalString(rs, "response_body"),
                Tx.optionalString(rs, "error"), rs.getLong("created_at"), Tx.optionalLong(rs, "last_attempt_at"),
                status == Status.PENDING || status == Status.FAILED ? Tx.optionalLong(rs, "next_attempt_at")
                        : Optional.empty(),
                stored.equals("pending") && rs.getInt("held") == 1, order(rs));
    }
}
