-- Issue 32 (decision 0022, fifth session): the dashboard's "due by the end of the next business day" from open_case_sla
-- alone. Joining each case in the window to its row to learn its group cost 260 ms on the benchmark's Función Pública
-- (19 k open cases due within two days, 1.9 k of them in the supervisor's groups): the copy now carries the case's
-- group and agent too, in the due index's INCLUDE, so the count is one index-only range scan.
ALTER TABLE open_case_sla ADD COLUMN assigned_group text, ADD COLUMN assigned_agent_id uuid;

ALTER TABLE open_case_sla NO FORCE ROW LEVEL SECURITY;
ALTER TABLE service_case NO FORCE ROW LEVEL SECURITY;
UPDATE open_case_sla s SET assigned_group = c.assigned_group, assigned_agent_id = c.assigned_agent_id
    FROM service_case c WHERE c.tenant_id = s.tenant_id AND c.id = s.case_id;
ALTER TABLE service_case FORCE ROW LEVEL SECURITY;
ALTER TABLE open_case_sla FORCE ROW LEVEL SECURITY;

DROP INDEX open_case_sla_due;
CREATE INDEX open_case_sla_due ON open_case_sla (tenant_id, resolution_due_at) INCLUDE (assigned_group, assigned_agent_id)
    WHERE resolution_due_at IS NOT NULL;

CREATE OR REPLACE FUNCTION open_case_sla_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM open_case_sla s USING new_rows n
            WHERE n.closed_at IS NOT NULL AND s.tenant_id = n.tenant_id AND s.case_id = n.id;
    END IF;
    INSERT INTO open_case_sla (tenant_id, case_id, check_at, resolution_due_at, assigned_group, assigned_agent_id)
        SELECT tenant_id, id, sla_check_at, resolution_due_at, assigned_group, assigned_agent_id FROM new_rows
        WHERE closed_at IS NULL
        ON CONFLICT (tenant_id, case_id) DO UPDATE
            SET check_at = excluded.check_at, resolution_due_at = excluded.resolution_due_at,
                assigned_group = excluded.assigned_group, assigned_agent_id = excluded.assigned_agent_id
            WHERE (open_case_sla.check_at, open_case_sla.resolution_due_at, open_case_sla.assigned_group,
                   open_case_sla.assigned_agent_id)
                  IS DISTINCT FROM (excluded.check_at, excluded.resolution_due_at, excluded.assigned_group,
                                    excluded.assigned_agent_id);
    RETURN NULL;
END $$;
