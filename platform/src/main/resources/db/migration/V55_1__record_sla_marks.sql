-- Issue 26 (decision 0031, "Record mail and SLA warnings"): records of a kind with an SLA are warned at the
-- entity's warningPercent of the target and told at the due date, once each. `warn_at` is derived by the
-- sweep from created_at, the kind's target and the percent (the due date is computed at creation); the two
-- marks hold the due date each message was written for, so a moved due date warns again.
ALTER TABLE work_record
    ADD COLUMN warn_at          timestamptz,
    ADD COLUMN sla_warned_due   timestamptz,
    ADD COLUMN sla_breached_due timestamptz;

-- The sweep's question: open records with a due date whose warning or breach is not yet written for it.
CREATE INDEX work_record_sla_open ON work_record (tenant_id, due_at)
    WHERE due_at IS NOT NULL AND closed_at IS NULL;
