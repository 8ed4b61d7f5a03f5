-- Outbox delivery over SMTP (issue 9, decision 0012): retries with backoff, a dead-letter state
-- tenant admins see and retry, and one row per event and recipient so nothing is sent twice.
ALTER TABLE outbox
    ADD COLUMN attempts        integer NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at timestamptz,
    ADD COLUMN last_error      text,
    ADD COLUMN dead_at         timestamptz;
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox (tenant_id, coalesce(next_attempt_at, created_at))
    WHERE delivered_at IS NULL AND dead_at IS NULL;

CREATE TABLE email_delivery (
    tenant_id  uuid NOT NULL REFERENCES tenant (id),
    outbox_id  bigint NOT NULL,
    recipient  text NOT NULL,
    message_id text NOT NULL,
    subject    text NOT NULL,
    sent_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, outbox_id, recipient),
    FOREIGN KEY (tenant_id, outbox_id) REFERENCES outbox (tenant_id, id)
);

SELECT mesa_isolate_tenant('email_delivery'::regclass);
