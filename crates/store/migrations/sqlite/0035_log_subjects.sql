-- The processing log is found by its data subjects (the family's "Wie heeft uw gegevens bekeken", the
-- household's log) through one index on (household_id, person_id) instead of one on each: a case's records
-- (one for the household, one per member) then land side by side, where an index on person_id alone put
-- each record at a random place and every append wrote as many index pages as the household has members
-- (issue 11: the append rate). Which households a person's records were made under is kept in
-- processing_log_subjects, one row per pair, written only when a pair is new. Records about a person
-- without a household are found in the same index (household_id IS NULL). Derived data: the hash chain is
-- untouched.
CREATE TABLE processing_log_subjects (
    person_id BLOB NOT NULL,
    household_id BLOB NOT NULL,
    PRIMARY KEY (person_id, household_id)
) WITHOUT ROWID;
INSERT INTO processing_log_subjects (person_id, household_id)
SELECT DISTINCT person_id, household_id FROM processing_log WHERE person_id IS NOT NULL AND household_id IS NOT NULL;
DROP INDEX processing_log_person;
DROP INDEX processing_log_household;
CREATE INDEX processing_log_subject ON processing_log (household_id, person_id);
