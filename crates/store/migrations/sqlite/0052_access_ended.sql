-- A professional who leaves their organisation loses their access (BIO 9.2.6, AVG art. 32): the functional
-- administrator or the operator ends it once their work is handed over. The record stays, with when and by
-- whom (none: the operator), because timelines, the processing log and earlier decisions name them.
ALTER TABLE professionals ADD COLUMN ended_at TEXT;
ALTER TABLE professionals ADD COLUMN ended_by BLOB REFERENCES professionals(id);
-- Each end and each undo, kept after an access comes back (BIO 9.2: changes to access rights are traceable).
CREATE TABLE access_changes (
    professional_id BLOB NOT NULL REFERENCES professionals(id),
    change TEXT NOT NULL CHECK (change IN ('ended', 'reinstated')),
    by_professional BLOB REFERENCES professionals(id),
    at TEXT NOT NULL
);
CREATE INDEX access_changes_professional ON access_changes (professional_id, at);
-- The database itself refuses a case given to a professional who left, as lead, duo or RVT professional,
-- whatever asked for it: the access layer refuses such a choice first, and this holds when an access ends
-- between that check and the case's write.
CREATE TRIGGER cases_opened_for_who_left BEFORE INSERT ON cases
WHEN EXISTS (
    SELECT 1 FROM professionals WHERE ended_at IS NOT NULL
    AND id IN (NEW.lead_primary, NEW.lead_secondary, NEW.rvt_professional)
)
BEGIN
    SELECT RAISE(ABORT, 'professional_left');
END;
CREATE TRIGGER cases_given_to_who_left BEFORE UPDATE OF lead_primary, lead_secondary, rvt_professional ON cases
WHEN EXISTS (
    SELECT 1 FROM professionals WHERE ended_at IS NOT NULL AND id IN (
        CASE WHEN NEW.lead_primary IS NOT OLD.lead_primary THEN NEW.lead_primary END,
        CASE WHEN NEW.lead_secondary IS NOT OLD.lead_secondary THEN NEW.lead_secondary END,
        CASE WHEN NEW.rvt_professional IS NOT OLD.rvt_professional THEN NEW.rvt_professional END
    )
)
BEGIN
    SELECT RAISE(ABORT, 'professional_left');
END;
