-- Page sign-in on the platform's own host (operators, realm mesa-platform): the pending login
-- (state, nonce, PKCE verifier) and the session, in the database like the tenants' (V3) so any
-- replica can finish a login another one started.
--
-- Platform tables, like tenant and tenant_host (V1): no tenant_id, no row level security.
-- Not V3's login_attempt/web_session: there tenant_id is NOT NULL, part of the key, and every row
-- is fenced to one tenant by the forced RLS policy; a platform row would need a nullable tenant_id
-- (a row no policy matches, and a hole in the "tenant_id first in every key" rule). Separate tables
-- also make the wall structural: the platform host looks cookies up here only, a tenant host only
-- in its own RLS-fenced rows, so neither kind of cookie is worth anything on the other's host.
CREATE TABLE platform_login_attempt (
    state      text PRIMARY KEY,
    nonce      text NOT NULL,
    verifier   text NOT NULL,
    return_to  text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE platform_web_session (
    -- SHA-256 of the cookie value: a stolen table does not give working cookies
    token_hash text PRIMARY KEY,
    subject    text NOT NULL,
    username   text NOT NULL,
    roles      text[] NOT NULL,
    attributes jsonb NOT NULL,
    id_token   text NOT NULL,
    csrf       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX platform_web_session_expires ON platform_web_session (expires_at);

-- Table rights for the application role come from the default privileges that
-- .ci/bootstrap-db.sql gives it on everything mesa_owner creates (the DBA's part in production).
