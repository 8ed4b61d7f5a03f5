-- Issue 32 (decision 0022, fifth session): an SLA recompute's update of service_case can be HOT.
--
-- A policy edit that moves 67 k due dates rewrote every one of those rows with a new entry in each of the table's
-- 14 indexes (no HOT: sla_check_at, expired and resolution_due_at were indexed), and PostgreSQL recomputed the
-- stored tsvector of each (a generated column is recomputed by every UPDATE). Measured on the issue's size, the
-- bare UPDATE took 5.7–7.4 s and wrote 280–380 MB of WAL. After this migration, no index of service_case holds a
-- column that a recompute moves except `expired` (only the cases whose expiry flips), so the row is updated in
-- place when its page has room, and the instants the sweeps and the dashboard search by time live in a narrow
-- table kept by a trigger, whose rows are small and whose indexes are two.

-- Room on each page for the in-place (HOT) versions of its rows; applies to pages written from now on.
ALTER TABLE service_case SET (fillfactor = 85);

-- The search vector from a trigger that runs only when the title or the description is written.
ALTER TABLE service_case ALTER COLUMN search DROP EXPRESSION;
CREATE FUNCTION service_case_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search := to_tsvector('spanish', coalesce(NEW.title, '') || ' ' || coalesce(NEW.description, ''));
    RETURN NEW;
END $$;
CREATE TRIGGER service_case_search BEFORE INSERT OR UPDATE OF title, description ON service_case
    FOR EACH ROW EXECUTE FUNCTION service_case_search();

-- The counters' indexes without resolution_due_at (V60_1 had added it for the dashboard, which now reads
-- open_case_sla); `expired` stays, so the counters stay index-only.
DROP INDEX service_case_open_group_state;
DROP INDEX service_case_open_agent_state;
CREATE INDEX service_case_open_group_state ON service_case (tenant_id, assigned_group, state)
    INCLUDE (assigned_agent_id, expired) WHERE closed_at IS NULL;
CREATE INDEX service_case_open_agent_state ON service_case (tenant_id, assigned_agent_id, state)
    INCLUDE (assigned_group, expired) WHERE closed_at IS NULL;
DROP INDEX service_case_sla_check;

-- One row per open case: its next SLA instant (the sweeps' `sla_check_at`) and its resolution due date (the
-- dashboard's "due by the end of the next business day"), copies of service_case's columns, which stay the
-- truth. Written only by the triggers below, in the same statement as the case row, so it cannot disagree with
-- it; a row goes when its case closes.
CREATE TABLE open_case_sla (
    tenant_id         uuid NOT NULL,
    case_id           uuid NOT NULL,
    check_at          timestamptz,
    resolution_due_at timestamptz,
    PRIMARY KEY (tenant_id, case_id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES service_case (tenant_id, id) ON DELETE CASCADE
);
-- The existing open cases, read past row level security (forced for the owner too) for this one statement.
ALTER TABLE service_case NO FORCE ROW LEVEL SECURITY;
INSERT INTO open_case_sla (tenant_id, case_id, check_at, resolution_due_at)
    SELECT tenant_id, id, sla_check_at, resolution_due_at FROM service_case WHERE closed_at IS NULL;
ALTER TABLE service_case FORCE ROW LEVEL SECURITY;
CREATE INDEX open_case_sla_check ON open_case_sla (tenant_id, check_at) WHERE check_at IS NOT NULL;
CREATE INDEX open_case_sla_due ON open_case_sla (tenant_id, resolution_due_at) WHERE resolution_due_at IS NOT NULL;
SELECT mesa_isolate_tenant('open_case_sla'::regclass);

-- Statement level with a transition table, like report_month_cases (V56_1): one pass per statement, so the
-- recompute's batch update of 500 rows and a COPY of a million rows each run it once. A row whose two instants
-- did not change is not written.
CREATE FUNCTION open_case_sla_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM open_case_sla s USING new_rows n
            WHERE n.closed_at IS NOT NULL AND s.tenant_id = n.tenant_id AND s.case_id = n.id;
    END IF;
    INSERT INTO open_case_sla (tenant_id, case_id, check_at, resolution_due_at)
        SELECT tenant_id, id, sla_check_at, resolution_due_at FROM new_rows WHERE closed_at IS NULL
        ON CONFLICT (tenant_id, case_id) DO UPDATE
            SET check_at = excluded.check_at, resolution_due_at = excluded.resolution_due_at
            WHERE (open_case_sla.check_at, open_case_sla.resolution_due_at)
                  IS DISTINCT FROM (excluded.check_at, excluded.resolution_due_at);
    RETURN NULL;
END $$;
CREATE TRIGGER open_case_sla_insert AFTER INSERT ON service_case REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION open_case_sla_sync();
CREATE TRIGGER open_case_sla_update AFTER UPDATE ON service_case REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION open_case_sla_sync();
