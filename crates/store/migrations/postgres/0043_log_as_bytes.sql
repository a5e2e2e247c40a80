-- The processing log in fewer bytes (issue 17, item 4): the chain's hashes and the trace context are kept as
-- the bytes they are (32 bytes for a hash instead of 64 hex characters, 16 and 8 for the trace and span ids),
-- and the record's own id, which nothing read, is gone with the index it needed. The hashes are computed as
-- before, over the hex text (`chain_hash`), so the chain verifies unchanged; the chain's head keeps its text.
ALTER TABLE processing_log DROP COLUMN id;
ALTER TABLE processing_log
    ALTER COLUMN trace_id TYPE BYTEA USING decode(trace_id, 'hex'),
    ALTER COLUMN span_id TYPE BYTEA USING decode(span_id, 'hex'),
    ALTER COLUMN parent_span_id TYPE BYTEA USING decode(parent_span_id, 'hex'),
    ALTER COLUMN prev_hash TYPE BYTEA USING decode(prev_hash, 'hex'),
    ALTER COLUMN hash TYPE BYTEA USING decode(hash, 'hex');

CREATE OR REPLACE FUNCTION processing_log_appended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE log_chain SET hash = encode(r.hash, 'hex') FROM new_records r WHERE log_chain.id = 1 AND r.seq = log_chain.seq;
    INSERT INTO processing_log_subjects (person_id, household_id)
    SELECT DISTINCT person_id, household_id FROM new_records
    WHERE person_id IS NOT NULL AND household_id IS NOT NULL
    ORDER BY person_id, household_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
