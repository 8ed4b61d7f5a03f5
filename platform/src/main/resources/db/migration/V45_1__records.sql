-- Issue 26 (decision 0031): records beyond cases — problems now, changes next — on one shared shape.
-- What every kind has lives in columns (code, state, assignment, version); what a kind adds lives in
-- `details` (for a problem: impact, root cause, workaround, known error), checked in code per kind.
CREATE TABLE work_record (
    tenant_id         uuid NOT NULL REFERENCES tenant (id),
    id                uuid NOT NULL,
    kind              text NOT NULL CHECK (kind IN ('problema', 'cambio')),
    code              text NOT NULL,
    code_year         integer NOT NULL,
    code_sequence     bigint NOT NULL,
    title             text NOT NULL,
    description       text NOT NULL,
    details           jsonb NOT NULL DEFAULT '{}',
    state             text NOT NULL,
    substate          text,
    assigned_group    text,
    assigned_agent_id uuid,
    created_by_id     uuid NOT NULL,
    due_at            timestamptz,
    closed_at         timestamptz,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    -- Bumped by every event; the ETag.
    version           integer NOT NULL CHECK (version > 0),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, code),
    FOREIGN KEY (tenant_id, created_by_id) REFERENCES person (tenant_id, id),
    FOREIGN KEY (tenant_id, assigned_agent_id) REFERENCES person (tenant_id, id)
);
-- Keyset pages per kind, newest first; counters by state, agent and group.
CREATE INDEX work_record_page ON work_record (tenant_id, kind, created_at DESC, id DESC);
CREATE INDEX work_record_agent ON work_record (tenant_id, kind, assigned_agent_id, state);
CREATE INDEX work_record_group ON work_record (tenant_id, kind, assigned_group, state);

-- The append-only history of a record, as case_event is for cases.
CREATE TABLE work_record_event (
    tenant_id  uuid NOT NULL REFERENCES tenant (id),
    record_id  uuid NOT NULL,
    seq        integer NOT NULL,
    kind       text NOT NULL,
    actor_id   uuid,
    from_state text,
    to_state   text,
    note       text,
    data       jsonb NOT NULL DEFAULT '{}',
    at         timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, record_id, seq),
    FOREIGN KEY (tenant_id, record_id) REFERENCES work_record (tenant_id, id)
);
CREATE FUNCTION work_record_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'work_record_event is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER work_record_event_append_only BEFORE UPDATE OR DELETE ON work_record_event
    FOR EACH ROW EXECUTE FUNCTION work_record_event_append_only();
CREATE TRIGGER work_record_event_no_truncate BEFORE TRUNCATE ON work_record_event
    FOR EACH STATEMENT EXECUTE FUNCTION work_record_event_append_only();

-- Cases linked to a record (a problem's incidents). Looked up both ways, so both ways are indexed.
CREATE TABLE work_record_case (
    tenant_id  uuid NOT NULL REFERENCES tenant (id),
    record_id  uuid NOT NULL,
    case_id    uuid NOT NULL,
    linked_by  uuid NOT NULL,
    linked_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, record_id, case_id),
    FOREIGN KEY (tenant_id, record_id) REFERENCES work_record (tenant_id, id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES service_case (tenant_id, id)
);
CREATE INDEX work_record_case_by_case ON work_record_case (tenant_id, case_id);

SELECT mesa_isolate_tenant(t) FROM unnest(ARRAY['work_record', 'work_record_event', 'work_record_case']::regclass[]) AS t;

-- Related cases are looked up from either end; the other end had no index (issue 26).
CREATE INDEX case_link_related ON case_link (tenant_id, related_id);
