-- Platform tables (no tenant_id): the registry the edge reads before any tenant is known.
CREATE TABLE tenant (
    id              uuid PRIMARY KEY,
    slug            text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    realm           text NOT NULL UNIQUE,
    -- folder: owned by tenant-config/<slug>/; operator: created through the operator API.
    source          text NOT NULL CHECK (source IN ('folder', 'operator')),
    -- bumped on every change of the tenant's data, so every replica's registry notices it.
    config_revision bigint NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tenant_host (
    host      text PRIMARY KEY CHECK (host = lower(host)),
    tenant_id uuid NOT NULL REFERENCES tenant (id) ON DELETE CASCADE
);
CREATE INDEX tenant_host_tenant ON tenant_host (tenant_id);

-- Tenant-owned tables: tenant_id first in every key, and row level security as the second wall.
-- Each version of one kind of tenant data (catalog, calendars, …); the newest version is live.
CREATE TABLE tenant_config_version (
    tenant_id    uuid NOT NULL REFERENCES tenant (id),
    kind         text NOT NULL CHECK (kind IN ('TENANT', 'CALENDARS', 'SITES', 'WORKFLOW', 'CATALOG', 'PRIORITIES',
                                            'GROUPS', 'ROUTING', 'SLA_POLICIES', 'SETTINGS')),
    version      integer NOT NULL CHECK (version > 0),
    content      jsonb NOT NULL,
    content_hash text NOT NULL,
    -- import: from the tenant's folder; admin: edited live by a tenant administrator;
    -- operator: posted by a platform operator as a bundle.
    source       text NOT NULL CHECK (source IN ('import', 'admin', 'operator')),
    import_id    bigint,
    changed_by   text NOT NULL,
    changed_at   timestamptz NOT NULL DEFAULT now(),
    -- what changed: JSON pointers added, removed or changed against the previous version
    changes      jsonb NOT NULL DEFAULT '[]',
    PRIMARY KEY (tenant_id, kind, version)
);

-- Each run of the folder import for a tenant, with what it applied and what it refused.
CREATE TABLE tenant_config_import (
    tenant_id     uuid NOT NULL REFERENCES tenant (id),
    id            bigint GENERATED ALWAYS AS IDENTITY,
    folder_hash   text NOT NULL,
    imported_by   text NOT NULL,
    imported_at   timestamptz NOT NULL DEFAULT now(),
    applied_kinds text[] NOT NULL,
    refused_kinds text[] NOT NULL,
    report        text NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['tenant_config_version', 'tenant_config_import'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        -- A missing app.tenant_id makes current_setting(..., true) NULL: no row matches (fails closed).
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) '
                       'WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', t);
    END LOOP;
END $$;

-- Table rights for the application role come from the default privileges that
-- .ci/bootstrap-db.sql gives it on everything mesa_owner creates (the DBA's part in production).
