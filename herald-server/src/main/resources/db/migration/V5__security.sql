-- Security: the audit log, and an optional outbound rate limit per webhook.
-- Signing secrets keep their columns; from this version on they hold AES-GCM ciphertext, and
-- Herald encrypts any plaintext secret left by an earlier version when it starts.

CREATE TABLE audit_log (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT NOT NULL,
    at         BIGINT NOT NULL,
    details    TEXT NOT NULL
);
CREATE INDEX audit_log_by_account ON audit_log (account_id, id);

-- deliveries per second to this webhook; NULL means no limit
ALTER TABLE webhooks ADD COLUMN rate_limit INTEGER;
CREATE INDEX webhooks_rate_limited ON webhooks (id) WHERE rate_limit IS NOT NULL;
