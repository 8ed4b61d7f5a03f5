-- Agent queues (issue 7): the solution shown in the list ("Solución para el usuario"), Spanish full
-- text over title and description, and indexes for the default page (open cases of my groups or
-- mine, newest first) and the keyset sorts.
ALTER TABLE service_case
    ADD COLUMN solution text,
    ADD COLUMN search tsvector GENERATED ALWAYS AS
        (to_tsvector('spanish', coalesce(title, '') || ' ' || coalesce(description, ''))) STORED;

CREATE INDEX service_case_search ON service_case USING gin (search);
CREATE INDEX service_case_open_group_created ON service_case (tenant_id, assigned_group, created_at DESC, id DESC)
    WHERE closed_at IS NULL;
CREATE INDEX service_case_open_agent_created ON service_case (tenant_id, assigned_agent_id, created_at DESC, id DESC)
    WHERE closed_at IS NULL;
CREATE INDEX service_case_created ON service_case (tenant_id, created_at DESC, id DESC);
