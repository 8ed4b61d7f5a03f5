-- Operator onboarding (decision 0008): the record of each entity's onboarding and its steps, the
-- entity's own branding, and the periods the entity was suspended.

-- Platform flag read by the edge before any tenant is known: set while a suspension period is open.
ALTER TABLE tenant ADD COLUMN suspended_at timestamptz;

-- One onboarding per tenant; its id is the tenant's id, so operators read it under that tenant's RLS.
CREATE TABLE tenant_onboarding (
    tenant_id          uuid NOT NULL REFERENCES tenant (id),
    -- SHA-256 over the bundle's entries (path and bytes): the same bundle posted again resumes.
    bundle_hash        text NOT NULL,
    admin_username     text NOT NULL,
    admin_email        text NOT NULL,
    -- Only in dev/test, and only when Keycloak could not email the first admin; cleared once shown.
    temporary_password text,
    requested_by       text NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id)
);

CREATE TABLE tenant_onboarding_step (
    tenant_id   uuid NOT NULL REFERENCES tenant (id),
    step        text NOT NULL CHECK (step IN ('import', 'realm', 'first-admin', 'branding')),
    position    integer NOT NULL,
    outcome     text NOT NULL CHECK (outcome IN ('pending', 'done', 'failed')),
    message     text,
    started_at  timestamptz,
    finished_at timestamptz,
    PRIMARY KEY (tenant_id, step)
);

-- Branding posted with the bundle: bytes in a normal column (never large objects: no RLS there).
CREATE TABLE tenant_branding (
    tenant_id       uuid NOT NULL REFERENCES tenant (id),
    logo            bytea,
    logo_media_type text CHECK (logo_media_type IN ('image/svg+xml', 'image/png')),
    colors          jsonb NOT NULL DEFAULT '{}',
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id)
);

-- Every suspension period, kept (never overwritten): the SLA clock will count them as pauses.
CREATE TABLE tenant_suspension (
    tenant_id    uuid NOT NULL REFERENCES tenant (id),
    id           bigint GENERATED ALWAYS AS IDENTITY,
    started_at   timestamptz NOT NULL DEFAULT now(),
    started_by   text NOT NULL,
    ended_at     timestamptz,
    ended_by     text,
    PRIMARY KEY (tenant_id, id),
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);
-- At most one open period per tenant.
CREATE UNIQUE INDEX tenant_suspension_open ON tenant_suspension (tenant_id) WHERE ended_at IS NULL;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['tenant_onboarding', 'tenant_onboarding_step', 'tenant_branding', 'tenant_suspension'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) '
                       'WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', t);
    END LOOP;
END $$;
