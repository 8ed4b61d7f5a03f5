-- Issue 32, decision 0022. Versioned 15.32 so that the other helpers' V15 / V16 do not collide.

-- 1. A group's agents by an index routing can use. `person.groups @> ARRAY[g]` cannot use the GIN index
--    person_groups under row level security: `@>` (arraycontains) is not leakproof, so the planner must
--    apply the tenant policy first and scanned every person of the entity (6,311 rows to find 14 agents
--    at 1 M cases). Equality on uuid and text is leakproof, so this table's primary key serves
--    `tenant_id = ? AND group_key = ?` directly. It is derived from person by a trigger, never written
--    by the application: it cannot drift from the directory.
CREATE TABLE group_agent (
    tenant_id uuid NOT NULL,
    group_key text NOT NULL,
    person_id uuid NOT NULL,
    PRIMARY KEY (tenant_id, group_key, person_id),
    FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, id) ON DELETE CASCADE
);

CREATE FUNCTION group_agent_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM group_agent WHERE tenant_id = OLD.tenant_id AND person_id = OLD.id;
    END IF;
    IF 'agent' = ANY (NEW.roles) THEN
        INSERT INTO group_agent (tenant_id, group_key, person_id)
        SELECT DISTINCT NEW.tenant_id, g, NEW.id FROM unnest(NEW.groups) AS g
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER person_group_agent_insert AFTER INSERT ON person
    FOR EACH ROW EXECUTE FUNCTION group_agent_sync();
-- Sign-ins refresh last_seen far more often than groups or roles change: only a real change rewrites.
CREATE TRIGGER person_group_agent_update AFTER UPDATE OF groups, roles, tenant_id, id ON person
    FOR EACH ROW WHEN (OLD.groups IS DISTINCT FROM NEW.groups OR OLD.roles IS DISTINCT FROM NEW.roles)
    EXECUTE FUNCTION group_agent_sync();

-- person is under FORCE ROW LEVEL SECURITY, which binds this migration's owner too: read it tenant by tenant.
DO $$
DECLARE
    t uuid;
BEGIN
    FOR t IN SELECT id FROM tenant LOOP
        PERFORM set_config('app.tenant_id', t::text, true);
        INSERT INTO group_agent (tenant_id, group_key, person_id)
        SELECT DISTINCT p.tenant_id, g, p.id FROM person p, unnest(p.groups) AS g
        WHERE p.tenant_id = t AND 'agent' = ANY (p.roles);
    END LOOP;
    PERFORM set_config('app.tenant_id', '', true);
END $$;

SELECT mesa_isolate_tenant('group_agent'::regclass);

-- 2. Keep service_case's visibility map current so the counters' covering indexes stay index-only:
--    the defaults wait for 20 % of a million rows to change (or be inserted) before vacuuming, and
--    until then every count visits the heap (p95 102–116 ms, 49 ms right after a manual VACUUM).
ALTER TABLE service_case SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,
    autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_vacuum_insert_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.02);
