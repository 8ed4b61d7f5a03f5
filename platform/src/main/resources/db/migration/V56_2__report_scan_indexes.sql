-- Issue 24 speed (decision 0035): the report's scan (report.CaseFacts.SCAN) reads a period's cases as two parts, the
-- open ones (service_case_open) and those closed since the period's start (this index), instead of every case filed
-- before the period's end. For a past month of a large entity that is a few thousand rows instead of all its history.
CREATE INDEX service_case_closed ON service_case (tenant_id, closed_at) WHERE closed_at IS NOT NULL;

-- The survey figures of a period (Indicators: answered in it; SurveyFigures: offered in it, answered in it) read
-- case_survey by instant; without these they read every survey of the entity.
CREATE INDEX case_survey_answered ON case_survey (tenant_id, answered_at) WHERE answered_at IS NOT NULL;
CREATE INDEX case_survey_offered ON case_survey (tenant_id, offered_at);
