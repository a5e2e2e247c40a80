-- The processing log's head and its subjects follow each record as it lands, in the database: the chain
-- head takes the hash of the record whose seq it already holds, and a person's record notes the household
-- it was made under (processing_log_subjects, see 0035). The store used to send both as statements of
-- their own after the records, and on SQLite every statement is a round trip to the connection's thread
-- (issue 17: a read's log batch went from seven calls to five). The chain itself is untouched: the store
-- still takes the head first (UPDATE log_chain … RETURNING), computes the hashes and inserts the records.
CREATE TRIGGER processing_log_head AFTER INSERT ON processing_log
BEGIN
    UPDATE log_chain SET hash = NEW.hash WHERE id = 1 AND seq = NEW.seq;
END;

CREATE TRIGGER processing_log_subject AFTER INSERT ON processing_log
WHEN NEW.person_id IS NOT NULL AND NEW.household_id IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO processing_log_subjects (person_id, household_id) VALUES (NEW.person_id, NEW.household_id);
END;
