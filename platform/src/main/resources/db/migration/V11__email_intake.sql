-- Email in (issue 9): where each mailbox's reading stands (UIDVALIDITY/UID), and every message
-- read, once (by Message-ID), with what became of it; quarantined ones wait for an agent.
CREATE TABLE mailbox_checkpoint (
    tenant_id    uuid NOT NULL REFERENCES tenant (id),
    mailbox      text NOT NULL,
    uid_validity bigint NOT NULL,
    last_uid     bigint NOT NULL,
    PRIMARY KEY (tenant_id, mailbox)
);

CREATE TABLE inbound_mail (
    tenant_id   uuid NOT NULL REFERENCES tenant (id),
    id          bigint GENERATED ALWAYS AS IDENTITY,
    mailbox     text NOT NULL,
    message_id  text NOT NULL,
    uid         bigint NOT NULL,
    sender      text NOT NULL,
    subject     text NOT NULL,
    body        text NOT NULL,
    received_at timestamptz NOT NULL,
    outcome     text NOT NULL CHECK (outcome IN ('comment', 'answer', 'created', 'quarantined', 'ignored')),
    case_id     uuid,
    reason      text,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, mailbox, message_id)
);
CREATE INDEX inbound_mail_quarantine ON inbound_mail (tenant_id, received_at DESC) WHERE outcome = 'quarantined';

SELECT mesa_isolate_tenant(t) FROM unnest(ARRAY['mailbox_checkpoint', 'inbound_mail']::regclass[]) AS t;
