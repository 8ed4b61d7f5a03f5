-- Issue 24 speed (decision 0035): the supervisors' dashboard counts its groups' open cases by group and agent, with
-- those due by the next business day and the expired ones. With resolution_due_at in the index the count is an
-- index-only scan (about 110,000 open cases in two groups at 1 M cases: the heap read was most of 450 ms). The
-- counters' indexes of V13 (group or agent, state) stay as they are: other key order, other readers.
CREATE INDEX service_case_open_group_due ON service_case (tenant_id, assigned_group)
    INCLUDE (assigned_agent_id, resolution_due_at, expired) WHERE closed_at IS NULL;
CREATE INDEX service_case_open_agent_due ON service_case (tenant_id, assigned_agent_id)
    INCLUDE (assigned_group, resolution_due_at, expired) WHERE closed_at IS NULL;
