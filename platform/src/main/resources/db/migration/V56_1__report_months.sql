-- Issue 24 speed (decision 0035): the report's figures of past months, stored once computed, and dropped in the same
-- transaction as any write that could change them, so the report, the open data and their breakdowns read a past
-- month from one row instead of scanning its cases again.
--
-- A past month's figures depend only on rows (a target of an open case that fell due in a past month stays settled
-- "missed" whatever the clock says later), so a stored month is right until a row it was computed from changes.
-- Every figure of a case lies at or after its filing, so a write to a case filed at T can only change months that end
-- after T: the triggers below delete exactly those months of the case's entity (nothing for the everyday write to a
-- case filed this month, which no stored month contains). Updates count only when a column the figures read changed
-- (the SLA sweep's sla_check_at or expired, updated_at, version do not).
--
-- report_epoch closes the race between a reader that computed a month from an older snapshot and a writer that
-- invalidated it meanwhile: the writer bumps the entity's epoch; the reader stores only if the epoch it read before
-- computing is still the current one, checked under a share lock of the epoch row (report.ReportMonths).
CREATE TABLE report_month (
    tenant_id  uuid        NOT NULL REFERENCES tenant (id),
    kind       text        NOT NULL,          -- what the figures are: 'tallies' (by case type), 'breakdowns'
    month      text        NOT NULL,          -- YYYY-MM in the entity's zone
    month_end  timestamptz NOT NULL,          -- the month's end in the entity's zone: what a write is compared with
    revision   bigint      NOT NULL,          -- the tenant data revision it was computed under
    figures    text        NOT NULL,          -- one line per key and its counts (report.ReportMonths)
    PRIMARY KEY (tenant_id, kind, month)
);
SELECT mesa_isolate_tenant('report_month'::regclass);

CREATE TABLE report_epoch (
    tenant_id uuid   NOT NULL PRIMARY KEY REFERENCES tenant (id),
    epoch     bigint NOT NULL
);
SELECT mesa_isolate_tenant('report_epoch'::regclass);

-- Drops the stored months of an entity that a write to a row dated `since` may change. The cheap test first: a row
-- dated a day or more after the start of the current UTC month belongs to no stored month (a stored month has ended,
-- and in any zone the current month started less than a day from the UTC one).
CREATE FUNCTION report_month_touch(t uuid, since timestamptz) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF t IS NULL OR since IS NULL OR since >= date_trunc('month', now(), 'UTC') + interval '1 day' THEN
        RETURN;
    END IF;
    -- Bumped even when nothing is stored yet: a reader may be computing one of these months right now.
    INSERT INTO report_epoch (tenant_id, epoch) VALUES (t, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET epoch = report_epoch.epoch + 1;
    DELETE FROM report_month WHERE tenant_id = t AND month_end > since;
END $$;

-- service_case: statement level with transition tables, so a COPY of a million rows touches each entity once.
CREATE FUNCTION report_month_cases() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    IF TG_OP = 'INSERT' THEN
        FOR r IN SELECT tenant_id, min(created_at) AS since FROM new_rows GROUP BY tenant_id LOOP
            PERFORM report_month_touch(r.tenant_id, r.since);
        END LOOP;
    ELSIF TG_OP = 'DELETE' THEN
        FOR r IN SELECT tenant_id, min(created_at) AS since FROM old_rows GROUP BY tenant_id LOOP
            PERFORM report_month_touch(r.tenant_id, r.since);
        END LOOP;
    ELSE
        FOR r IN SELECT o.tenant_id, min(least(o.created_at, n.created_at)) AS since
                 FROM old_rows o JOIN new_rows n ON n.tenant_id = o.tenant_id AND n.id = o.id
                 WHERE (o.created_at, o.closed_at, o.first_response_at, o.resolved_at, o.response_due_at,
                        o.resolution_due_at, o.sla_final::text, o.state, o.case_type, o.origin, o.service_line,
                        o.service, o.category, o.assigned_group, o.assigned_agent_id, o.site)
                       IS DISTINCT FROM
                       (n.created_at, n.closed_at, n.first_response_at, n.resolved_at, n.response_due_at,
                        n.resolution_due_at, n.sla_final::text, n.state, n.case_type, n.origin, n.service_line,
                        n.service, n.category, n.assigned_group, n.assigned_agent_id, n.site)
                 GROUP BY o.tenant_id LOOP
            PERFORM report_month_touch(r.tenant_id, r.since);
        END LOOP;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER report_month_cases_insert AFTER INSERT ON service_case REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_month_cases();
CREATE TRIGGER report_month_cases_update AFTER UPDATE ON service_case REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_month_cases();
CREATE TRIGGER report_month_cases_delete AFTER DELETE ON service_case REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_month_cases();

-- case_event: a state change leaving a solved state marks a closed case "reopened" (report breakdowns).
CREATE FUNCTION report_month_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT e.tenant_id, min(c.created_at) AS since FROM new_rows e
             JOIN service_case c ON c.tenant_id = e.tenant_id AND c.id = e.case_id
             WHERE e.changes -> 'state' IS NOT NULL GROUP BY e.tenant_id LOOP
        PERFORM report_month_touch(r.tenant_id, r.since);
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER report_month_events_insert AFTER INSERT ON case_event REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_month_events();

-- case_survey and its answers: surveys answered in a month and the scale answers' sum.
CREATE FUNCTION report_month_surveys() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    IF TG_OP = 'INSERT' THEN
        FOR r IN SELECT tenant_id, min(least(answered_at, offered_at)) AS since FROM new_rows GROUP BY tenant_id LOOP
            PERFORM report_month_touch(r.tenant_id, r.since);
        END LOOP;
    ELSIF TG_OP = 'DELETE' THEN
        FOR r IN SELECT tenant_id, min(least(answered_at, offered_at)) AS since FROM old_rows GROUP BY tenant_id LOOP
            PERFORM report_month_touch(r.tenant_id, r.since);
        END LOOP;
    ELSE
        FOR r IN SELECT o.tenant_id, min(least(o.answered_at, n.answered_at, o.offered_at, n.offered_at)) AS since
                 FROM old_rows o JOIN new_rows n ON n.tenant_id = o.tenant_id AND n.id = o.id
                 WHERE (o.answered_at, o.offered_at, o.case_id) IS DISTINCT FROM (n.answered_at, n.offered_at, n.case_id)
                 GROUP BY o.tenant_id LOOP
            PERFORM report_month_touch(r.tenant_id, r.since);
        END LOOP;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER report_month_surveys_insert AFTER INSERT ON case_survey REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_month_surveys();
CREATE TRIGGER report_month_surveys_update AFTER UPDATE ON case_survey REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_month_surveys();
CREATE TRIGGER report_month_surveys_delete AFTER DELETE ON case_survey REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_month_surveys();

CREATE FUNCTION report_month_answers() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    IF TG_OP = 'INSERT' THEN
        FOR r IN SELECT a.tenant_id, min(s.answered_at) AS since FROM new_rows a
                 JOIN case_survey s ON s.tenant_id = a.tenant_id AND s.id = a.survey_id GROUP BY a.tenant_id LOOP
            PERFORM report_month_touch(r.tenant_id, r.since);
        END LOOP;
    ELSE
        FOR r IN SELECT a.tenant_id, min(s.answered_at) AS since FROM old_rows a
                 JOIN case_survey s ON s.tenant_id = a.tenant_id AND s.id = a.survey_id GROUP BY a.tenant_id LOOP
            PERFORM report_month_touch(r.tenant_id, r.since);
        END LOOP;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER report_month_answers_insert AFTER INSERT ON case_survey_answer REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_month_answers();
CREATE TRIGGER report_month_answers_delete AFTER DELETE ON case_survey_answer REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_month_answers();
