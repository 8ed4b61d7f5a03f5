-- Case codes: one counter per tenant and scope ('2025', '2026', … when codes restart every year
-- in the tenant's zone; 'all' when they never restart). Taken with an upsert inside the case's own
-- transaction, so a rolled-back case gives its number back and codes stay consecutive.
CREATE TABLE case_code_sequence (
    tenant_id  uuid NOT NULL REFERENCES tenant (id),
    scope      text NOT NULL,
    last_value bigint NOT NULL CHECK (last_value > 0),
    PRIMARY KEY (tenant_id, scope)
);

ALTER TABLE case_code_sequence ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_code_sequence FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON case_code_sequence
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
