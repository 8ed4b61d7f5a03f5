-- Issue 20 part A: agents register walk-in cases ("presencial") from the console.
ALTER TABLE service_case DROP CONSTRAINT service_case_origin_check;
ALTER TABLE service_case ADD CONSTRAINT service_case_origin_check
    CHECK (origin IN ('portal', 'email', 'phone', 'walk-in', 'pqrs', 'api'));
