-- The account's deliveries across its webhooks (GET /v1/deliveries, the dead-letter queue), paged
-- newest first by id like a webhook's history is on deliveries_by_webhook.
CREATE INDEX deliveries_by_account ON deliveries (account_id, id);
