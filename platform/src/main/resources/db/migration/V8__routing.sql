-- Routing (issue 6): each agent's availability and when they last got a case, and each group's
-- round-robin cursor. Decision 0011.
CREATE TABLE agent_state (
    tenant_id        uuid NOT NULL REFERENCES tenant (id),
    person_id        uuid NOT NULL,
    -- Away from this instant (vacation, leave) until away_until, or until they come back.
    away_from        timestamptz,
    away_until       timestamptz,
    away_note        text,
    last_assigned_at timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, person_id),
    FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, id),
    CHECK (away_until IS NULL OR away_from IS NULL OR away_until > away_from)
);

CREATE TABLE routing_cursor (
    tenant_id     uuid NOT NULL REFERENCES tenant (id),
    group_key     text NOT NULL,
    last_agent_id uuid NOT NULL,
    PRIMARY KEY (tenant_id, group_key)
);

-- Open cases per assignee (least-loaded) and unassigned ones (the safety-net sweep).
CREATE INDEX service_case_assignee_open ON service_case (tenant_id, assigned_agent_id) WHERE closed_at IS NULL;
CREATE INDEX service_case_unassigned ON service_case (tenant_id, created_at)
    WHERE closed_at IS NULL AND assigned_agent_id IS NULL;

SELECT mesa_isolate_tenant(t) FROM unnest(ARRAY['agent_state', 'routing_cursor']::regclass[]) AS t;
