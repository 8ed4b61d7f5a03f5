-- Issue 27 (decision 0037): the change committee's votes and the tasks ("actividades, hitos y tareas") of a
-- change or a problem. Both hang off work_record (decision 0031).

-- One vote per member and change: a member approves or rejects once, with a reason.
CREATE TABLE change_vote (
    tenant_id  uuid NOT NULL REFERENCES tenant (id),
    record_id  uuid NOT NULL,
    member_id  uuid NOT NULL,
    approve    boolean NOT NULL,
    reason     text NOT NULL CHECK (length(reason) > 0),
    at         timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, record_id, member_id),
    FOREIGN KEY (tenant_id, record_id) REFERENCES work_record (tenant_id, id),
    FOREIGN KEY (tenant_id, member_id) REFERENCES person (tenant_id, id)
);

-- A task of a change or a problem: assigned to a technician or a group, with a due date and a state.
CREATE TABLE record_task (
    tenant_id         uuid NOT NULL REFERENCES tenant (id),
    id                uuid NOT NULL,
    record_id         uuid NOT NULL,
    title             text NOT NULL,
    assigned_group    text,
    assigned_agent_id uuid,
    due_on            date,
    state             text NOT NULL CHECK (state IN ('pendiente', 'en-curso', 'hecha', 'cancelada')),
    created_by_id     uuid NOT NULL,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    version           integer NOT NULL CHECK (version > 0),
    PRIMARY KEY (tenant_id, id),
    CHECK (assigned_group IS NOT NULL OR assigned_agent_id IS NOT NULL),
    FOREIGN KEY (tenant_id, record_id) REFERENCES work_record (tenant_id, id),
    FOREIGN KEY (tenant_id, assigned_agent_id) REFERENCES person (tenant_id, id),
    FOREIGN KEY (tenant_id, created_by_id) REFERENCES person (tenant_id, id)
);
CREATE INDEX record_task_record ON record_task (tenant_id, record_id, created_at);
-- "Mis tareas": open tasks by agent and by group.
CREATE INDEX record_task_agent ON record_task (tenant_id, assigned_agent_id, state);
CREATE INDEX record_task_group ON record_task (tenant_id, assigned_group, state);

-- The work-team counters ("en mi equipo de trabajo", "en mis grupos en equipo de trabajo") look into
-- details->'team'; a GIN index keeps them off a sequential scan of every change.
CREATE INDEX work_record_team ON work_record USING gin ((details -> 'team') jsonb_path_ops) WHERE kind = 'cambio';

SELECT mesa_isolate_tenant(t) FROM unnest(ARRAY['change_vote', 'record_task']::regclass[]) AS t;
