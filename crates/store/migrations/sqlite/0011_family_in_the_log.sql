-- The family's own reads and contributions in the processing log: a record is made either by a
-- professional or by a household member in the portal (by_person_id), for the organisation whose file it
-- is. SQLite cannot drop a NOT NULL constraint, so the table is rebuilt with the same rows and indexes; the
-- hash chain is untouched (its hashes cover the same fields).
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
    CHECK ((professional_id IS NULL) <> (by_person_id IS NULL))
);
INSERT INTO processing_log_new (id, at, professional_id, organisation_id, purpose, operation, household_id, person_id,
    seq, activity, trace_id, span_id, parent_span_id, emergency, prev_hash, hash)
SELECT id, at, professional_id, organisation_id, purpose, operation, household_id, person_id,
    seq, activity, trace_id, span_id, parent_span_id, emergency, prev_hash, hash
FROM processing_log;
DROP TABLE processing_log;
ALTER TABLE processing_log_new RENAME TO processing_log;
CREATE INDEX processing_log_person ON processing_log (person_id);
CREATE INDEX processing_log_household ON processing_log (household_id);
CREATE UNIQUE INDEX processing_log_seq ON processing_log (seq);
CREATE INDEX processing_log_at ON processing_log (at);
