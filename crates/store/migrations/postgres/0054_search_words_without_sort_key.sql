-- The search words without the household's sort key (issue 17, item 4). Each word carried its household's
-- sort key, in the table and in its key, so that a search over every household could read its first page in
-- name order straight off the index. Since need-to-know (2026-12-02) no one searches every household that
-- way: a search among one's own households looks each household up by its words (or in the leads' indexes of
-- the team's cases), and a search over all of them is only for a BSN or a name with a birth date, whose word
-- names a few households, sorted after. So a word is its household and itself, keyed by household as on
-- SQLite (docs/performance.md). Dropping the column drops the key that held it.
ALTER TABLE household_tokens DROP COLUMN sort_key;
DROP INDEX IF EXISTS household_tokens_household;
ALTER TABLE household_tokens ADD PRIMARY KEY (household_id, token);
CREATE INDEX household_tokens_token ON household_tokens (token, household_id);
-- An import stopped halfway left the old indexes' definitions to be made again: the key and the index above
-- replace them.
DELETE FROM deferred_indexes WHERE name IN ('household_tokens_household', 'household_tokens_token');
