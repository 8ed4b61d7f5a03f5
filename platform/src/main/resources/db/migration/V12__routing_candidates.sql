-- Routing reads a group's agents on every create: find them by an index over the platform groups
-- (`groups @> ARRAY[group]`) instead of scanning the tenant's people.
CREATE INDEX person_groups ON person USING gin (groups);
