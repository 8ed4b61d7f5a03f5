-- The agent home counters count the open cases of the caller's groups and those assigned to them,
-- by state. Covering indexes let both halves be index-only scans (no heap visit per case), which
-- matters when a first-line group holds tens of thousands of open cases.
CREATE INDEX service_case_open_group_state ON service_case (tenant_id, assigned_group, state)
    INCLUDE (assigned_agent_id, expired) WHERE closed_at IS NULL;
CREATE INDEX service_case_open_agent_state ON service_case (tenant_id, assigned_agent_id, state)
    INCLUDE (assigned_group, expired) WHERE closed_at IS NULL;
