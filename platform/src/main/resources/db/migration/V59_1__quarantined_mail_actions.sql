-- Quarantined mail gets an agent's hand (decision 0034): a case opened from it, a comment on a case, or a
-- dismissal with a reason. The row is kept (mail is never deleted); who did it and when are recorded with it.
ALTER TABLE inbound_mail DROP CONSTRAINT inbound_mail_outcome_check;
ALTER TABLE inbound_mail ADD CONSTRAINT inbound_mail_outcome_check
    CHECK (outcome IN ('comment', 'answer', 'created', 'quarantined', 'ignored', 'dismissed'));
ALTER TABLE inbound_mail ADD COLUMN handled_by uuid;
ALTER TABLE inbound_mail ADD COLUMN handled_at timestamptz;
ALTER TABLE inbound_mail ADD COLUMN dismiss_reason text;
-- An agent's action names the agent and the moment; a dismissal always says why.
ALTER TABLE inbound_mail ADD CONSTRAINT inbound_mail_handled_whole
    CHECK ((handled_by IS NULL) = (handled_at IS NULL)
        AND (outcome <> 'dismissed' OR (handled_by IS NOT NULL AND dismiss_reason IS NOT NULL)));
ALTER TABLE inbound_mail ADD CONSTRAINT inbound_mail_handled_by
    FOREIGN KEY (tenant_id, handled_by) REFERENCES person (tenant_id, id);
-- The page lists newest first with the id breaking ties: the index in that order lets a page read only its rows.
DROP INDEX inbound_mail_quarantine;
CREATE INDEX inbound_mail_quarantine ON inbound_mail (tenant_id, received_at DESC, id DESC) WHERE outcome = 'quarantined';
