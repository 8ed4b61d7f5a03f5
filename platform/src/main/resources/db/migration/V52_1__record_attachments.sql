-- Issue 26 (rest): files on records of any kind (problems, changes), stored as cases' are: metadata here,
-- bytes in their own table (a normal bytea column, never large objects, which row level security cannot
-- guard). Uploaded straight onto a record; read with the record's read scope.
CREATE TABLE work_record_attachment (
    tenant_id    uuid NOT NULL REFERENCES tenant (id),
    id           uuid NOT NULL,
    record_id    uuid NOT NULL,
    file_name    text NOT NULL,
    media_type   text NOT NULL,
    size_bytes   bigint NOT NULL CHECK (size_bytes > 0),
    sha256       text NOT NULL,
    uploaded_by  uuid NOT NULL,
    uploaded_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, record_id) REFERENCES work_record (tenant_id, id),
    FOREIGN KEY (tenant_id, uploaded_by) REFERENCES person (tenant_id, id)
);
CREATE INDEX work_record_attachment_record ON work_record_attachment (tenant_id, record_id, uploaded_at);

CREATE TABLE work_record_attachment_content (
    tenant_id uuid NOT NULL,
    id        uuid NOT NULL,
    content   bytea NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, id) REFERENCES work_record_attachment (tenant_id, id) ON DELETE CASCADE
);

SELECT mesa_isolate_tenant(t)
FROM unnest(ARRAY['work_record_attachment', 'work_record_attachment_content']::regclass[]) AS t;
