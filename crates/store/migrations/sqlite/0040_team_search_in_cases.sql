-- A search among one's own households (issue 17) reads the team's open cases from their leads' indexes. Each
-- case now carries its household's sort key and search words (each word after a newline), and the indexes
-- hold them, so that the words are checked in the index itself instead of in `household_tokens`, household
-- by household: a random page each, read afresh after every write. For a team of 605 households at a million
-- households that was 3.2-5.0 ms cold against 1.0-1.7 ms (docs/performance.md). The store keeps the copies
-- with the search index: `reindex_household` and `insert_cases`.
ALTER TABLE cases ADD COLUMN household_sort_key TEXT;
ALTER TABLE cases ADD COLUMN household_words TEXT;
UPDATE cases SET
    household_sort_key = (SELECT sort_key FROM households h WHERE h.id = cases.household_id),
    household_words = (SELECT char(10) || group_concat(token, char(10)) FROM household_tokens t WHERE t.household_id = cases.household_id);
DROP INDEX cases_open_lead_primary;
CREATE INDEX cases_open_lead_primary ON cases (lead_primary, household_id, household_sort_key, household_words) WHERE closed_at IS NULL;
DROP INDEX cases_open_lead_secondary;
CREATE INDEX cases_open_lead_secondary ON cases (lead_secondary, household_id, household_sort_key, household_words) WHERE closed_at IS NULL AND lead_secondary IS NOT NULL;
DROP INDEX cases_open_rvt_professional;
CREATE INDEX cases_open_rvt_professional ON cases (rvt_professional, household_id, household_sort_key, household_words) WHERE closed_at IS NULL AND rvt_professional IS NOT NULL;
