-- A professional who leaves their organisation loses their access (BIO 9.2.6, AVG art. 32): the functional
-- administrator or the operator ends it once their work is handed over. The record stays, with when and by
-- whom (none: the operator), because timelines, the processing log and earlier decisions name them.
ALTER TABLE professionals ADD COLUMN ended_at TIMESTAMPTZ;
ALTER TABLE professionals ADD COLUMN ended_by UUID REFERENCES professionals(id);
-- Each end and each undo, kept after an access comes back (BIO 9.2: changes to access rights are traceable).
CREATE TABLE access_changes (
    professional_id UUID NOT NULL REFERENCES professionals(id),
    change TEXT NOT NULL CHECK (change IN ('ended', 'reinstated')),
    by_professional UUID REFERENCES professionals(id),
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX access_changes_professional ON access_changes (professional_id, at);
