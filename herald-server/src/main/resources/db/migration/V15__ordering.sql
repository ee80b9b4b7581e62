-- Ordered delivery per subject (a webhook's "ordering": "per_subject").
-- A delivery of an ordered webhook carries its event's subject (the catalog names the field, e.g.
-- experiment_id), its sequence (per webhook and subject, +1 each event, as the envelope shows it)
-- and its position in the subject's queue. Only the pending delivery with the lowest position of a
-- subject may be attempted, so one subject has at most one attempt in flight per webhook. A
-- redelivery keeps its sequence (same body) and takes a new position at the back of the queue.
ALTER TABLE webhooks ADD COLUMN ordering TEXT NOT NULL DEFAULT 'none';
CREATE INDEX webhooks_ordered ON webhooks (id) WHERE ordering <> 'none';

ALTER TABLE deliveries ADD COLUMN subject TEXT;
ALTER TABLE deliveries ADD COLUMN sequence BIGINT;
ALTER TABLE deliveries ADD COLUMN position BIGINT;
-- The heads of an ordered webhook's subjects: a loose index scan over subjects, then the lowest
-- position of each.
CREATE INDEX deliveries_subject_queue ON deliveries (webhook_id, subject, position)
    WHERE status = 'pending' AND subject IS NOT NULL;

-- The last sequence and position given per webhook and subject. Incremented in the transaction
-- that inserts (or requeues) the delivery, so on PostgreSQL concurrent publishes about one subject
-- take their numbers in commit order.
CREATE TABLE subject_sequences (
    webhook_id    TEXT NOT NULL,
    subject       TEXT NOT NULL,
    last_sequence BIGINT NOT NULL,
    last_position BIGINT NOT NULL,
    PRIMARY KEY (webhook_id, subject)
);
