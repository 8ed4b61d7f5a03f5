-- Knowledge base (issue 25, second part): images and files of an article, within the entity's
-- attachment limits (size, accepted types, content checked against the declared type). Bytes live in
-- PostgreSQL like case attachments (bytea, never large objects). A file is read with its article's
-- audience rules; removing one from an article deletes it (versions keep only the Markdown text).
CREATE TABLE kb_article_file (
    tenant_id   uuid NOT NULL REFERENCES tenant (id),
    id          uuid NOT NULL,
    article_id  uuid NOT NULL,
    file_name   text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 120),
    media_type  text NOT NULL,
    size_bytes  integer NOT NULL CHECK (size_bytes > 0),
    sha256      text NOT NULL,
    uploaded_by uuid,
    uploaded_at timestamptz NOT NULL,
    content     bytea NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, article_id) REFERENCES kb_article (tenant_id, id),
    FOREIGN KEY (tenant_id, uploaded_by) REFERENCES person (tenant_id, id)
);
CREATE INDEX kb_article_file_article ON kb_article_file (tenant_id, article_id, uploaded_at);
SELECT mesa_isolate_tenant('kb_article_file');
