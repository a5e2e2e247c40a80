-- Regie itself can be the processor of a record (issue 11): the radar that looks up a reported family's
-- history when a report comes in, for the organisation that will assess it, is no professional's read. A
-- record is made by a professional, by a household member in the portal, or by neither (Regie). SQLite
-- cannot change a CHECK constraint, so the table is rebuilt with the same rows and indexes; the hash chain
-- is untouched.
CREATE TABLE processing_log_new (
    id BLOB PRIMARY KEY,
    at TEXT NOT NULL,
    professional_id BLOB,
    organisation_id BLOB NOT NULL,
    purpose TEXT NOT NULL,
    operation TEXT NOT NULL,
    household_id BLOB,
    person_id BLOB,
    seq INTEGER,
    activity TEXT,
    trace_id TEXT,
    span_id TEXT,
    parent_span_id TEXT,
    emergency INTEGER NOT NULL DEFAULT 0,
    prev_hash TEXT,
    hash TEXT,
    by_person_id BLOB,
    CHECK (professional_id IS NULL OR by_person_id IS NULL)
);
INSERT INTO processing_log_new SELECT id, at, professional_id, organisation_id, purpose, operation, household_id,
    person_id, seq, activity, trace_id, span_id, parent_span_id, emergency, prev_hash, hash, by_person_id
FROM processing_log;
DROP TABLE processing_log;
ALTER TABLE processing_log_new RENAME TO processing_log;
CREATE INDEX processing_log_person ON processing_log (person_id);
CREATE INDEX processing_log_household ON processing_log (household_id);
CREATE UNIQUE INDEX processing_log_seq ON processing_log (seq);
CREATE INDEX processing_log_at ON processing_log (at);
