-- The processing log's head and its subjects follow the records as they land, in the database: the chain
-- head takes the hash of the record whose seq it already holds, and a person's records note the households
-- they were made under (processing_log_subjects, see 0035). The store used to send both as statements of
-- their own after the records (issue 17: a round trip each). The chain itself is untouched: the store still
-- takes the head first (UPDATE log_chain … RETURNING, which locks it until the commit), computes the hashes
-- and inserts the records. One trigger per statement, over the statement's new rows.
CREATE FUNCTION processing_log_appended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE log_chain SET hash = r.hash FROM new_records r WHERE log_chain.id = 1 AND r.seq = log_chain.seq;
    INSERT INTO processing_log_subjects (person_id, household_id)
    SELECT DISTINCT person_id, household_id FROM new_records
    WHERE person_id IS NOT NULL AND household_id IS NOT NULL
    ORDER BY person_id, household_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER processing_log_appended AFTER INSERT ON processing_log
REFERENCING NEW TABLE AS new_records
FOR EACH STATEMENT EXECUTE FUNCTION processing_log_appended();
