-- A counter per account that moves on with every change to its webhooks (filters, URL, headers,
-- secrets, enabled), in the changing transaction. The publish path keeps each account's enabled
-- webhooks in memory and reads only this number to know whether they are still current, on every
-- node alike.
ALTER TABLE accounts ADD COLUMN webhooks_version BIGINT NOT NULL DEFAULT 0;
