-- The processing log after the Logboek Dataverwerkingen: each record names its processing activity, its
-- W3C trace context and whether it was an emergency (break-the-glass) access, and the records form a hash
-- chain (each commits to the one before it) so no one can quietly alter, remove or reorder them. Records
-- from before this migration have no place in the chain (seq NULL).
ALTER TABLE processing_log ADD COLUMN seq BIGINT;
ALTER TABLE processing_log ADD COLUMN activity TEXT;
ALTER TABLE processing_log ADD COLUMN trace_id TEXT;
ALTER TABLE processing_log ADD COLUMN span_id TEXT;
ALTER TABLE processing_log ADD COLUMN parent_span_id TEXT;
ALTER TABLE processing_log ADD COLUMN emergency BIGINT NOT NULL DEFAULT 0;
ALTER TABLE processing_log ADD COLUMN prev_hash TEXT;
ALTER TABLE processing_log ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX processing_log_seq ON processing_log (seq);
CREATE INDEX processing_log_at ON processing_log (at);

-- The head of the chain: the last sequence number handed out and the last record's hash. Appending takes
-- this row first, so appends in concurrent transactions queue here and the chain stays one line.
CREATE TABLE log_chain (
    id INTEGER PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO log_chain (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
