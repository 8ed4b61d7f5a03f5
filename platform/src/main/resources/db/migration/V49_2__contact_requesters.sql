-- Issue 20: a requester who is not in the entity's directory (a walk-in or a phone call from someone without an
-- account), registered by an agent as a contact: name, document, address or phone. Such a person cannot sign in
-- (no realm user; the subject "contact:<id>" is never a token's), the directory sync never deactivates them, and
-- the case's mails go to the address given.
ALTER TABLE person ADD COLUMN in_directory boolean NOT NULL DEFAULT true;
ALTER TABLE person ADD COLUMN document text;
-- One contact per identity document in an entity: registering the same person again finds them.
CREATE UNIQUE INDEX person_contact_document ON person (tenant_id, document) WHERE NOT in_directory;
