-- Issue 32: every index of service_case is paid by every insert and by every update that cannot be HOT — and an SLA
-- recompute's update never is (sla_check_at and expired are indexed), so a policy edit that moves 67 k due dates
-- wrote 17 index entries per case. Three indexes repeated others:
-- * service_case_assignee_open (tenant_id, assigned_agent_id) WHERE open is the key of service_case_open_agent_due,
--   and a prefix of service_case_open_agent_state;
-- * service_case_open_group_due and service_case_open_agent_due (V56_3, the dashboard's index-only count) had the
--   keys of the counters' (group or agent, state) indexes without state: those now carry resolution_due_at too, and
--   the dashboard's count reads them index-only instead (a leading-prefix scan of the same rows).
DROP INDEX service_case_assignee_open;
DROP INDEX service_case_open_group_due;
DROP INDEX service_case_open_agent_due;
DROP INDEX service_case_open_group_state;
DROP INDEX service_case_open_agent_state;
CREATE INDEX service_case_open_group_state ON service_case (tenant_id, assigned_group, state)
    INCLUDE (assigned_agent_id, expired, resolution_due_at) WHERE closed_at IS NULL;
CREATE INDEX service_case_open_agent_state ON service_case (tenant_id, assigned_agent_id, state)
    INCLUDE (assigned_group, expired, resolution_due_at) WHERE closed_at IS NULL;
