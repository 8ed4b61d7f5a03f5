-- Issue 20: major incidents (003 §4.9.2, "gestiona los incidentes/requerimientos mayores").
-- The mark is kept on the case (when and why; null when not major) so the queue filter, the home's count
-- and the supervisors' dashboard read a column; its history stays in the case's events.
ALTER TABLE service_case ADD COLUMN major_at timestamptz;
ALTER TABLE service_case ADD COLUMN major_reason text;
ALTER TABLE service_case ADD CONSTRAINT service_case_major_reason_check
    CHECK ((major_at IS NULL) = (major_reason IS NULL));
-- Few cases are ever major: a partial index keeps counting and listing them cheap at any size.
CREATE INDEX service_case_major ON service_case (tenant_id, major_at) WHERE major_at IS NOT NULL;
