-- The search among one's own households (issue 17) reads the team's open cases from their leads' indexes and
-- checks their households' words (0040). On PostgreSQL the words were read from the table, a page per case
-- (548 for a team of 548 open cases: 1.2-1.4 ms of a 30-row search against 0.4 ms from the index alone,
-- docs/performance.md). The indexes now hold the sort key and the words too, as SQLite's do, as included
-- columns. An index entry may take at most a third of a page (2,704 bytes), so a case carries no words when
-- they are longer than 1,500 bytes (`CASE_WORDS_MAX`): such a household's case is found through an index of
-- its own and its words in `household_tokens`.
UPDATE cases SET household_words = NULL WHERE octet_length(household_words) > 1500;
DROP INDEX cases_open_lead_primary;
CREATE INDEX cases_open_lead_primary ON cases (lead_primary, household_id) INCLUDE (household_sort_key, household_words)
    WHERE closed_at IS NULL;
DROP INDEX cases_open_lead_secondary;
CREATE INDEX cases_open_lead_secondary ON cases (lead_secondary, household_id) INCLUDE (household_sort_key, household_words)
    WHERE closed_at IS NULL AND lead_secondary IS NOT NULL;
DROP INDEX cases_open_rvt_professional;
CREATE INDEX cases_open_rvt_professional ON cases (rvt_professional, household_id) INCLUDE (household_sort_key, household_words)
    WHERE closed_at IS NULL AND rvt_professional IS NOT NULL;
CREATE INDEX cases_open_without_words ON cases (household_id) WHERE closed_at IS NULL AND household_words IS NULL;
