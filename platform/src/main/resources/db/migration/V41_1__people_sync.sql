-- Issue 20 part A, decision 0027: the people directory is filled from each entity's realm, not only
-- on sign-in. A person disabled or removed in the realm is marked inactive, never deleted: old cases
-- keep their names, while lists that offer people (escalation, reassignment, requester search,
-- routing through group_agent) leave them out.
ALTER TABLE person ADD COLUMN active boolean NOT NULL DEFAULT true;
-- When the directory sync last found the person in the realm (null: known from sign-ins only).
ALTER TABLE person ADD COLUMN synced_at timestamptz;

-- group_agent (V15_32) holds active agents only: routing and the selects never offer an inactive one.
CREATE OR REPLACE FUNCTION group_agent_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM group_agent WHERE tenant_id = OLD.tenant_id AND person_id = OLD.id;
    END IF;
    IF 'agent' = ANY (NEW.roles) AND NEW.active THEN
        INSERT INTO group_agent (tenant_id, group_key, person_id)
        SELECT DISTINCT NEW.tenant_id, g, NEW.id FROM unnest(NEW.groups) AS g
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER person_group_agent_update ON person;
CREATE TRIGGER person_group_agent_update AFTER UPDATE OF groups, roles, active, tenant_id, id ON person
    FOR EACH ROW WHEN (OLD.groups IS DISTINCT FROM NEW.groups OR OLD.roles IS DISTINCT FROM NEW.roles
                       OR OLD.active IS DISTINCT FROM NEW.active)
    EXECUTE FUNCTION group_agent_sync();

-- When each entity's directory was last synced, for the administrator's page.
CREATE TABLE people_sync (
    tenant_id   uuid PRIMARY KEY REFERENCES tenant (id),
    finished_at timestamptz NOT NULL,
    seen        integer NOT NULL,
    added       integer NOT NULL,
    deactivated integer NOT NULL
);
SELECT mesa_isolate_tenant('people_sync'::regclass);
