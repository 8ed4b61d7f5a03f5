-- The people directory: created or refreshed from the token on every sign-in, per tenant.
CREATE TABLE person (
    tenant_id   uuid NOT NULL REFERENCES tenant (id),
    id          uuid NOT NULL,
    -- the realm's subject: stable across renames
    subject     text NOT NULL,
    username    text NOT NULL,
    name        text NOT NULL,
    email       text,
    phone       text,
    job_title   text,
    dependency  text,
    groups      text[] NOT NULL DEFAULT '{}',
    roles       text[] NOT NULL DEFAULT '{}',
    first_seen  timestamptz NOT NULL DEFAULT now(),
    last_seen   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, subject)
);
CREATE INDEX person_search ON person (tenant_id, lower(name) text_pattern_ops);

ALTER TABLE person ENABLE ROW LEVEL SECURITY;
ALTER TABLE person FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON person
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
