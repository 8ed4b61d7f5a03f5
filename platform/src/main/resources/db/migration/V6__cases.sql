-- Cases (issue 4): the case row, its append-only event log, attachments stored in a step of their
-- own, and idempotency keys of creates. Decision 0009 explains the shape.

-- One place for the tenant-isolation policy, so later migrations do not repeat the DO block.
CREATE FUNCTION mesa_isolate_tenant(t regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) '
                   'WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', t);
END $$;
REVOKE ALL ON FUNCTION mesa_isolate_tenant(regclass) FROM PUBLIC;

CREATE TABLE service_case (
    tenant_id         uuid NOT NULL REFERENCES tenant (id),
    id                uuid NOT NULL,
    code              text NOT NULL,
    code_year         integer NOT NULL,
    code_sequence     bigint NOT NULL,
    case_type         text NOT NULL,
    origin            text NOT NULL CHECK (origin IN ('portal', 'email', 'phone', 'pqrs', 'api')),
    service_line      text NOT NULL,
    service           text NOT NULL,
    category          text,
    template          text,
    site              text,
    title             text NOT NULL,
    description       text NOT NULL,
    impact            text,
    urgency           text,
    priority          text NOT NULL,
    -- "Notificado por": the person the case is for. "Registrado por": who typed it in.
    requester_id      uuid NOT NULL,
    registered_by_id  uuid NOT NULL,
    contact           jsonb NOT NULL DEFAULT '{}',
    fields            jsonb NOT NULL DEFAULT '{}',
    -- [{personId, creation, actions, resolution, closure}]
    informed          jsonb NOT NULL DEFAULT '[]',
    state             text NOT NULL,
    substate          text,
    assigned_group    text,
    assigned_agent_id uuid,
    first_response_at timestamptz,
    resolved_at       timestamptz,
    closed_at         timestamptz,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    -- Bumped by every event; the ETag.
    version           integer NOT NULL CHECK (version > 0),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, code),
    FOREIGN KEY (tenant_id, requester_id) REFERENCES person (tenant_id, id),
    FOREIGN KEY (tenant_id, registered_by_id) REFERENCES person (tenant_id, id),
    FOREIGN KEY (tenant_id, assigned_agent_id) REFERENCES person (tenant_id, id)
);
CREATE INDEX service_case_requester ON service_case (tenant_id, requester_id, created_at DESC);
CREATE INDEX service_case_open ON service_case (tenant_id, state) WHERE closed_at IS NULL;

-- The history: one row per event, written in the transaction of the change, never changed.
CREATE TABLE case_event (
    tenant_id  uuid NOT NULL REFERENCES tenant (id),
    case_id    uuid NOT NULL,
    -- The case's version after this event: 1 is the creation.
    version    integer NOT NULL,
    at         timestamptz NOT NULL,
    actor_id   uuid,
    actor_kind text NOT NULL CHECK (actor_kind IN ('requester', 'agent', 'system')),
    kind       text NOT NULL,
    published  boolean NOT NULL,
    note       text,
    -- {"field": {"from": …, "to": …}} for what the event changed on the case.
    changes    jsonb NOT NULL DEFAULT '{}',
    data       jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (tenant_id, case_id, version),
    -- Deferred: a create writes its events before it takes the code and inserts the case row,
    -- so the code's counter stays locked for as short a time as possible.
    FOREIGN KEY (tenant_id, case_id) REFERENCES service_case (tenant_id, id) DEFERRABLE INITIALLY DEFERRED
);

CREATE FUNCTION case_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'case_event is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER case_event_append_only BEFORE UPDATE OR DELETE ON case_event
    FOR EACH ROW EXECUTE FUNCTION case_event_append_only();
CREATE TRIGGER case_event_no_truncate BEFORE TRUNCATE ON case_event
    FOR EACH STATEMENT EXECUTE FUNCTION case_event_append_only();

-- Related cases ("Información adicional"), both directions readable from the one row.
CREATE TABLE case_link (
    tenant_id  uuid NOT NULL REFERENCES tenant (id),
    case_id    uuid NOT NULL,
    related_id uuid NOT NULL,
    relation   text NOT NULL CHECK (relation IN ('related', 'duplicate-of')),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, case_id, related_id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES service_case (tenant_id, id),
    FOREIGN KEY (tenant_id, related_id) REFERENCES service_case (tenant_id, id),
    CHECK (case_id <> related_id)
);

-- Attachments: metadata here, bytes in their own table (a normal bytea column, never large objects,
-- which row level security cannot guard). Uploaded first, linked to a case later.
CREATE TABLE case_attachment (
    tenant_id    uuid NOT NULL REFERENCES tenant (id),
    id           uuid NOT NULL,
    case_id      uuid,
    slot         text,
    file_name    text NOT NULL,
    media_type   text NOT NULL,
    size_bytes   bigint NOT NULL CHECK (size_bytes > 0),
    sha256       text NOT NULL,
    uploaded_by  uuid NOT NULL,
    uploaded_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES service_case (tenant_id, id) DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (tenant_id, uploaded_by) REFERENCES person (tenant_id, id)
);
CREATE INDEX case_attachment_case ON case_attachment (tenant_id, case_id);
CREATE INDEX case_attachment_unlinked ON case_attachment (uploaded_at) WHERE case_id IS NULL;

CREATE TABLE case_attachment_content (
    tenant_id uuid NOT NULL,
    id        uuid NOT NULL,
    content   bytea NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, id) REFERENCES case_attachment (tenant_id, id) ON DELETE CASCADE
);

-- A create's Idempotency-Key, scoped to tenant and caller, kept at least 24 hours.
CREATE TABLE idempotency_key (
    tenant_id     uuid NOT NULL REFERENCES tenant (id),
    caller        text NOT NULL,
    key           text NOT NULL,
    request_hash  text NOT NULL,
    case_id       uuid NOT NULL,
    -- The first answer (status 201 and its body), given again to every retry.
    response      text,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, caller, key)
);
CREATE INDEX idempotency_key_age ON idempotency_key (created_at);

-- Side effects of a change (emails, SLA warnings), written in the change's transaction; the
-- notification feature delivers them.
CREATE TABLE outbox (
    tenant_id   uuid NOT NULL REFERENCES tenant (id),
    id          bigint GENERATED ALWAYS AS IDENTITY,
    topic       text NOT NULL,
    case_id     uuid,
    payload     jsonb NOT NULL DEFAULT '{}',
    -- Same key, same event: a repeated emission is dropped.
    dedupe_key  text NOT NULL,
    created_at  timestamptz NOT NULL,
    delivered_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, dedupe_key)
);
CREATE INDEX outbox_pending ON outbox (created_at) WHERE delivered_at IS NULL;

SELECT mesa_isolate_tenant(t) FROM unnest(ARRAY['service_case', 'case_event', 'case_link', 'case_attachment',
    'case_attachment_content', 'idempotency_key', 'outbox']::regclass[]) AS t;
