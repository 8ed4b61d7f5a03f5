-- Server-side sign-in for pages: the pending login (state, nonce, PKCE verifier) and the session.
-- Both live in the database so any replica can finish a login another one started.
CREATE TABLE login_attempt (
    tenant_id  uuid NOT NULL REFERENCES tenant (id),
    state      text NOT NULL,
    nonce      text NOT NULL,
    verifier   text NOT NULL,
    return_to  text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, state)
);

CREATE TABLE web_session (
    tenant_id  uuid NOT NULL REFERENCES tenant (id),
    -- SHA-256 of the cookie value: a stolen table does not give working cookies
    token_hash text NOT NULL,
    subject    text NOT NULL,
    username   text NOT NULL,
    roles      text[] NOT NULL,
    attributes jsonb NOT NULL,
    id_token   text NOT NULL,
    csrf       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, token_hash)
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['login_attempt', 'web_session'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) '
                       'WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', t);
    END LOOP;
END $$;
