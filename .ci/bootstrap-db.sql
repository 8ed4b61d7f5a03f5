-- Mesa database bootstrap: roles, database and schema grants that the platform expects.
--
-- Run by a PostgreSQL superuser with psql (it uses psql meta-commands: \if, \gexec, \connect):
--   psql -X -v ON_ERROR_STOP=1 -U postgres -d postgres -f .ci/bootstrap-db.sql
--   (on a Debian machine: runuser -u postgres -- psql -X -v ON_ERROR_STOP=1 -d postgres -f .ci/bootstrap-db.sql)
-- Optional psql variables: -v db=NAME (default mesa), -v owner_password=... -v app_password=...
--
-- Idempotent: running it again converges roles, ownership and grants without losing data.
-- The same file serves the tests (co.mesa.testsupport.TestPostgres) and the dev run (.ci/dev).
--
-- The passwords below are THROWAWAY DEV/TEST SECRETS for local throwaway servers bound to
-- 127.0.0.1. Never use them, or this file, for a shared or production database.
--
-- Roles:
--   mesa_owner  owns the database and schema public; runs Flyway migrations.
--   mesa_app    the application's role: LOGIN, NOSUPERUSER, NOBYPASSRLS, so row level
--               security binds it. Table grants come from the platform's migrations and from
--               the default privileges below.

\set ON_ERROR_STOP on
\if :{?db}
\else
  \set db mesa
\endif
\if :{?owner_password}
\else
  \set owner_password mesa_owner_dev
\endif
\if :{?app_password}
\else
  \set app_password mesa_app_dev
\endif

-- Roles are cluster-wide: create them once, then (re)assert their attributes.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'mesa_owner') THEN
    CREATE ROLE mesa_owner;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'mesa_app') THEN
    CREATE ROLE mesa_app;
  END IF;
END
$$;

ALTER ROLE mesa_owner WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD :'owner_password';
ALTER ROLE mesa_app WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD :'app_password';

-- CREATE DATABASE cannot run inside a DO block or a transaction: \gexec runs it only when missing.
SELECT format('CREATE DATABASE %I OWNER mesa_owner ENCODING %L TEMPLATE template0', :'db', 'UTF8')
 WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_database WHERE datname = :'db')
\gexec

ALTER DATABASE :"db" OWNER TO mesa_owner;
-- Only the two Mesa roles (and superusers) may connect.
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO mesa_app;

-- Schema-level settings live inside the database.
\connect :"db"

ALTER SCHEMA public OWNER TO mesa_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO mesa_app;

-- Tables and sequences that mesa_owner (Flyway) creates later are usable by mesa_app.
ALTER DEFAULT PRIVILEGES FOR ROLE mesa_owner IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO mesa_app;
ALTER DEFAULT PRIVILEGES FOR ROLE mesa_owner IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO mesa_app;

-- Full-text matching may use its GIN indexes under row level security (the knowledge base, decision 0025):
-- PostgreSQL uses a condition as an index condition ahead of a table's policy only when its function is
-- LEAKPROOF, and tsvector @@ tsquery's is not marked so. It raises no error that depends on the rows it
-- reads, so marking it is safe; only a superuser may, hence here (per database: pg_proc is per database).
ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF;
