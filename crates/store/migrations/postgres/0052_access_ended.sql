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
-- The database itself refuses a case given to a professional who left, as lead, duo or RVT professional,
-- whatever asked for it: the access layer refuses such a choice first, and this holds when an access ends
-- between that check and the case's write. The chosen professionals' rows are locked (FOR SHARE) before
-- their end is read, so an end being written meanwhile is waited for and then seen; the end, in turn,
-- locks the professional's row before it counts their cases (`Store::end_access`).
CREATE FUNCTION refuse_who_left() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    chosen UUID[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        chosen := ARRAY[NEW.lead_primary, NEW.lead_secondary, NEW.rvt_professional];
    ELSE
        chosen := ARRAY[
            CASE WHEN NEW.lead_primary IS DISTINCT FROM OLD.lead_primary THEN NEW.lead_primary END,
            CASE WHEN NEW.lead_secondary IS DISTINCT FROM OLD.lead_secondary THEN NEW.lead_secondary END,
            CASE WHEN NEW.rvt_professional IS DISTINCT FROM OLD.rvt_professional THEN NEW.rvt_professional END
        ];
    END IF;
    IF EXISTS (
        SELECT 1 FROM (SELECT ended_at FROM professionals WHERE id = ANY(chosen) FOR SHARE) p
        WHERE p.ended_at IS NOT NULL
    ) THEN
        RAISE EXCEPTION 'professional_left' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER cases_refuse_who_left BEFORE INSERT OR UPDATE OF lead_primary, lead_secondary, rvt_professional
    ON cases FOR EACH ROW EXECUTE FUNCTION refuse_who_left();
