-- The SLA of each case, derived from its history (decision 0010): kept on the row so lists can
-- show and filter by it ("Fecha estimada resolución", expired) and the sweep finds what falls due.
ALTER TABLE service_case
    ADD COLUMN response_due_at   timestamptz,
    ADD COLUMN resolution_due_at timestamptz,
    ADD COLUMN sla_paused        boolean NOT NULL DEFAULT false,
    -- "Caduca": past its resolution due date without a solution in time.
    ADD COLUMN expired           boolean NOT NULL DEFAULT false,
    -- The next instant a warning or a due date falls; null when nothing is pending.
    ADD COLUMN sla_check_at      timestamptz,
    -- The SLA as it stood when the case closed: closed cases keep that outcome for good.
    ADD COLUMN sla_final         text;

CREATE INDEX service_case_sla_check ON service_case (tenant_id, sla_check_at) WHERE closed_at IS NULL;
