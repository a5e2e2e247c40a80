-- The processing log in fewer bytes (issue 17, item 4): the chain's hashes and the trace context are kept as
-- the bytes they are (32 bytes for a hash instead of 64 hex characters, 16 and 8 for the trace and span ids),
-- and the record's own id, which nothing read, is gone with the index it needed. The hashes are computed as
-- before, over the hex text (`chain_hash`), so the chain verifies unchanged. At a million households this
-- was about 500 bytes per household (docs/performance.md). SQLite cannot change a column's type, so the table
-- is rebuilt with its indexes and triggers; the chain's head keeps its text.
CREATE TABLE processing_log_new (
    at TEXT NOT NULL,
    professional_id BLOB,
    organisation_id BLOB NOT NULL,
    purpose TEXT NOT NULL,
    operation TEXT NOT NULL,
    household_id BLOB,
    person_id BLOB,
    seq INTEGER,
    activity TEXT,
    trace_id BLOB,
    span_id BLOB,
    parent_span_id BLOB,
    emergency INTEGER NOT NULL DEFAULT 0,
    prev_hash BLOB,
    hash BLOB,
    by_person_id BLOB,
    CHECK (professional_id IS NULL OR by_person_id IS NULL)
);
INSERT INTO processing_log_new SELECT at, professional_id, organisation_id, purpose, operation, household_id,
    person_id, seq, activity, unhex(trace_id), unhex(span_id), unhex(parent_span_id), emergency, unhex(prev_hash),
    unhex(hash), by_person_id
FROM processing_log ORDER BY seq;
DROP TABLE processing_log;
ALTER TABLE processing_log_new RENAME TO processing_log;
CREATE UNIQUE INDEX processing_log_seq ON processing_log (seq);
CREATE INDEX processing_log_at ON processing_log (at);
CREATE INDEX processing_log_subject ON processing_log (household_id, person_id);

CREATE TRIGGER processing_log_head AFTER INSERT ON processing_log
BEGIN
    UPDATE log_chain SET hash = lower(hex(NEW.hash)) WHERE id = 1 AND seq = NEW.seq;
END;

CREATE TRIGGER processing_log_subject AFTER INSERT ON processing_log
WHEN NEW.person_id IS NOT NULL AND NEW.household_id IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO processing_log_subjects (person_id, household_id) VALUES (NEW.person_id, NEW.household_id);
END;
