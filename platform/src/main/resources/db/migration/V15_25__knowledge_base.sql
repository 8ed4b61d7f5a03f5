-- Knowledge base (issue 25): articles per entity with their audience, every version kept, votes
-- ("¿Le fue útil?", once per person), "Esto resolvió mi problema" counts, links to cases, and the
-- words of the entity's articles for typo-tolerant search. Decision 0025 explains the shape.
--
-- unaccent and pg_trgm are trusted extensions (PostgreSQL 13+): the database's owner (mesa_owner,
-- who runs Flyway) may create them; Debian's postgresql package ships both in contrib.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Spanish stemming after accent folding: "contrasena" and "contraseña" give the same lexeme.
CREATE TEXT SEARCH CONFIGURATION mesa_spanish (COPY = pg_catalog.spanish);
ALTER TEXT SEARCH CONFIGURATION mesa_spanish
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;

-- The article as it is now; its versions below. Keywords are one text (space separated) so the
-- generated search column stays immutable.
CREATE TABLE kb_article (
    tenant_id       uuid NOT NULL REFERENCES tenant (id),
    id              uuid NOT NULL,
    state           text NOT NULL CHECK (state IN ('draft', 'review', 'published', 'archived')),
    title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    summary         text NOT NULL CHECK (length(summary) <= 500),
    body            text NOT NULL CHECK (length(body) <= 100000),
    keywords        text NOT NULL DEFAULT '',
    services        text[] NOT NULL DEFAULT '{}',
    categories      text[] NOT NULL DEFAULT '{}',
    audience        text NOT NULL CHECK (audience IN ('public', 'staff', 'agents')),
    -- Realm roles or directory groups that may read it, like templates' audiences; empty: everyone of the audience.
    audience_groups text[] NOT NULL DEFAULT '{}',
    author_id       uuid,
    reviewer_id     uuid,
    -- Bumped by every saved change or state change; each has its row in kb_article_version.
    version         integer NOT NULL CHECK (version > 0),
    -- Launch content: the file of the tenant's kb/ folder it came from, and that file's hash when imported.
    source          text,
    source_hash     text,
    -- The version the folder wrote last: a later version means it was edited in the product.
    source_version  integer,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    published_at    timestamptz,
    -- What matches: every word of the article, without positions (strip): matching needs none, and the
    -- smaller vector is cheaper to read when a common word matches most of the entity's articles.
    search          tsvector GENERATED ALWAYS AS (strip(
                        to_tsvector('mesa_spanish', title) || to_tsvector('mesa_spanish', keywords)
                        || to_tsvector('mesa_spanish', summary) || to_tsvector('mesa_spanish', body))) STORED,
    -- What ranks a match: title, keywords and summary only. Small enough to stay in the row, so ranking
    -- thousands of matches never unpacks the bodies' vectors (docs/benchmarks.md, knowledge base search).
    rank_terms      tsvector GENERATED ALWAYS AS (
                        setweight(to_tsvector('mesa_spanish', title), 'A')
                        || setweight(to_tsvector('mesa_spanish', keywords), 'A')
                        || setweight(to_tsvector('mesa_spanish', summary), 'B')) STORED,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, source),
    FOREIGN KEY (tenant_id, author_id) REFERENCES person (tenant_id, id),
    FOREIGN KEY (tenant_id, reviewer_id) REFERENCES person (tenant_id, id)
);
CREATE INDEX kb_article_search ON kb_article USING gin (search);
CREATE INDEX kb_article_published ON kb_article (tenant_id, published_at DESC, id DESC) WHERE state = 'published';
CREATE INDEX kb_article_updated ON kb_article (tenant_id, updated_at DESC, id DESC);
SELECT mesa_isolate_tenant('kb_article');

-- Every version, with who and when; never changed.
CREATE TABLE kb_article_version (
    tenant_id       uuid NOT NULL REFERENCES tenant (id),
    article_id      uuid NOT NULL,
    version         integer NOT NULL,
    state           text NOT NULL,
    title           text NOT NULL,
    summary         text NOT NULL,
    body            text NOT NULL,
    keywords        text NOT NULL,
    services        text[] NOT NULL,
    categories      text[] NOT NULL,
    audience        text NOT NULL,
    audience_groups text[] NOT NULL,
    actor_id        uuid,
    actor_name      text NOT NULL,
    note            text,
    at              timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, article_id, version),
    FOREIGN KEY (tenant_id, article_id) REFERENCES kb_article (tenant_id, id)
);
SELECT mesa_isolate_tenant('kb_article_version');

CREATE FUNCTION kb_article_version_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'kb_article_version is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER kb_article_version_append_only BEFORE UPDATE OR DELETE ON kb_article_version
    FOR EACH ROW EXECUTE FUNCTION kb_article_version_append_only();

-- "¿Le fue útil?": one answer per person and article.
CREATE TABLE kb_vote (
    tenant_id  uuid NOT NULL REFERENCES tenant (id),
    article_id uuid NOT NULL,
    person_id  uuid NOT NULL,
    helpful    boolean NOT NULL,
    at         timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, article_id, person_id),
    FOREIGN KEY (tenant_id, article_id) REFERENCES kb_article (tenant_id, id),
    FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, id)
);
SELECT mesa_isolate_tenant('kb_vote');

-- "Esto resolvió mi problema" from a request form: a request not filed, counted per entity and article.
CREATE TABLE kb_deflection (
    tenant_id    uuid NOT NULL REFERENCES tenant (id),
    article_id   uuid NOT NULL,
    person_id    uuid NOT NULL,
    template     text,
    at           timestamptz NOT NULL,
    FOREIGN KEY (tenant_id, article_id) REFERENCES kb_article (tenant_id, id),
    FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, id)
);
CREATE INDEX kb_deflection_article ON kb_deflection (tenant_id, article_id);
SELECT mesa_isolate_tenant('kb_deflection');

-- Articles linked to a case by an agent (the case's "artículos del conocimiento").
CREATE TABLE kb_case_link (
    tenant_id  uuid NOT NULL REFERENCES tenant (id),
    case_id    uuid NOT NULL,
    article_id uuid NOT NULL,
    linked_by  uuid NOT NULL,
    at         timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, case_id, article_id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES service_case (tenant_id, id),
    FOREIGN KEY (tenant_id, article_id) REFERENCES kb_article (tenant_id, id),
    FOREIGN KEY (tenant_id, linked_by) REFERENCES person (tenant_id, id)
);
CREATE INDEX kb_case_link_article ON kb_case_link (tenant_id, article_id);
SELECT mesa_isolate_tenant('kb_case_link');

-- The folded words of the entity's articles: a misspelt search word is replaced by its nearest word
-- here by trigram similarity ("impresroa" → "impresora"), as PostgreSQL's pg_trgm documentation suggests.
CREATE TABLE kb_word (
    tenant_id uuid NOT NULL REFERENCES tenant (id),
    word      text NOT NULL,
    PRIMARY KEY (tenant_id, word)
);
CREATE INDEX kb_word_trgm ON kb_word USING gin (word gin_trgm_ops);
SELECT mesa_isolate_tenant('kb_word');
