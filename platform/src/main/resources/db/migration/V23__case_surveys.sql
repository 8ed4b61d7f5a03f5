-- The satisfaction survey (issue 23): one row per offering (a case solved or rejected, again after a
-- reopening), its answers per question, and the review of a reported problem ("novedad", 004 act. 6).
-- Numbered after the issue so parallel branches' migrations do not collide.
CREATE TABLE case_survey (
    tenant_id    uuid NOT NULL REFERENCES tenant (id),
    id           uuid NOT NULL,
    case_id      uuid NOT NULL,
    occasion     text NOT NULL CHECK (occasion IN ('solution', 'rejection')),
    offered_at   timestamptz NOT NULL,
    -- The end of the entity's answerWithin (business time): the survey and its e-mail link close then.
    due_at       timestamptz NOT NULL,
    -- Who is asked (the case's requester when offered) and who signed the solution or rejection.
    requester_id uuid NOT NULL,
    signed_by    uuid,
    -- SHA-256 of the e-mail link's token, never the token itself; null until the invitation is sent.
    token_hash   bytea,
    answered_at  timestamptz,
    answered_via text CHECK (answered_via IN ('portal', 'email')),
    -- none: nothing to review; pending: a novedad waits in the review list; the rest: its outcome.
    review       text NOT NULL DEFAULT 'none' CHECK (review IN ('none', 'pending', 'reopened', 'new-case', 'closed')),
    reviewed_by  uuid,
    reviewed_at  timestamptz,
    review_note  text,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES service_case (tenant_id, id),
    FOREIGN KEY (tenant_id, requester_id) REFERENCES person (tenant_id, id),
    CHECK ((answered_at IS NULL) = (answered_via IS NULL))
);
CREATE INDEX case_survey_case ON case_survey (tenant_id, case_id, offered_at DESC);
CREATE UNIQUE INDEX case_survey_token ON case_survey (token_hash) WHERE token_hash IS NOT NULL;
CREATE INDEX case_survey_review ON case_survey (tenant_id, offered_at) WHERE review = 'pending';

CREATE TABLE case_survey_answer (
    tenant_id uuid NOT NULL REFERENCES tenant (id),
    survey_id uuid NOT NULL,
    case_id   uuid NOT NULL,
    question  text NOT NULL,
    value     text NOT NULL,
    PRIMARY KEY (tenant_id, survey_id, question),
    FOREIGN KEY (tenant_id, survey_id) REFERENCES case_survey (tenant_id, id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES service_case (tenant_id, id)
);

SELECT mesa_isolate_tenant('case_survey'::regclass);
SELECT mesa_isolate_tenant('case_survey_answer'::regclass);

-- "Calificada" in the agents' queue: whether the case's survey was answered, kept on the case row so the
-- list and its filter read no other table.
ALTER TABLE service_case ADD COLUMN rated boolean NOT NULL DEFAULT false;
