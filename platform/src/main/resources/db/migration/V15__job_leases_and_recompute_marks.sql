-- Work that must happen once across replicas (issue 30, decision 0021).
--
-- job_lease: one row per job name; a replica holds the job while locked_until is in the future
-- (database time, so replicas' clocks do not matter). A platform table like tenant (V1): no tenant_id,
-- no row level security; names of per-tenant jobs carry the tenant's id ("sla-recompute:<uuid>").
CREATE TABLE job_lease (
    name         text PRIMARY KEY,
    holder       text NOT NULL,
    locked_at    timestamptz NOT NULL,
    locked_until timestamptz NOT NULL
);

-- The data revision (and suspension) each tenant's open cases' SLA columns were last fully recomputed
-- on: a restart or a second replica sees it and does not redo the work.
CREATE TABLE sla_recompute_mark (
    tenant_id   uuid PRIMARY KEY REFERENCES tenant (id),
    marker      text NOT NULL,
    computed_at timestamptz NOT NULL
);
SELECT mesa_isolate_tenant('sla_recompute_mark'::regclass);

-- Table rights for the application role come from the default privileges that
-- .ci/bootstrap-db.sql gives it on everything mesa_owner creates (the DBA's part in production).
