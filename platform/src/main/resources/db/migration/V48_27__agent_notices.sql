-- "Avisos / alertas para técnicos" (issue 27, 002 §11): a tenant administrator or supervisor posts a notice
-- that every agent of the entity sees on the console's home while it is valid. Withdrawn notices are kept
-- (who posted what, and when it stopped) rather than deleted.
CREATE TABLE agent_notice (
    tenant_id    uuid NOT NULL REFERENCES tenant (id),
    id           uuid NOT NULL,
    body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 1000),
    importance   text NOT NULL CHECK (importance IN ('info', 'important', 'critical')),
    valid_from   timestamptz NOT NULL,
    valid_until  timestamptz NOT NULL,
    posted_by    uuid NOT NULL,
    posted_at    timestamptz NOT NULL,
    withdrawn_by uuid,
    withdrawn_at timestamptz,
    PRIMARY KEY (tenant_id, id),
    CHECK (valid_until > valid_from),
    FOREIGN KEY (tenant_id, posted_by) REFERENCES person (tenant_id, id),
    FOREIGN KEY (tenant_id, withdrawn_by) REFERENCES person (tenant_id, id)
);
CREATE INDEX agent_notice_valid ON agent_notice (tenant_id, valid_until) WHERE withdrawn_at IS NULL;
SELECT mesa_isolate_tenant('agent_notice');
