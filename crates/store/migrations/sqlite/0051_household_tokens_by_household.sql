-- The search words keyed by their household, with the search's order in an index beside it. The table was
-- ordered by word (`token, sort_key, household_id`), so a bulk import's words of a batch of households each
-- landed on another page of it: `regie generate` staged them in a table of their own and, at the end, sorted
-- them into the table and then sorted them again for `household_tokens_household`. Keyed by household, the
-- import appends each household's words at the table's end as it goes, and the search's order is one index
-- built once at the end (`household_tokens_token`, dropped while `regie generate` imports). The index holds
-- the same three columns in the same order as the table did, so a search reads what it read; a household's
-- words (rewritten with its members, destroyed with it, checked for one household in a search) are its key
-- now instead of a second index. Measured on the 1M file's 12.7 million words: 79 s to sort them into the
-- old table and build its household index, 48 s to append them by household and build the word index
-- (docs/performance.md).
CREATE TABLE household_tokens_by_household (
    household_id BLOB NOT NULL REFERENCES households(id),
    token TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    PRIMARY KEY (household_id, token)
) WITHOUT ROWID;
-- A household has each word once, with its one sort key; a word staged by an import stopped halfway is taken
-- along, once, if its household is still there (the staging table checked no reference).
INSERT OR IGNORE INTO household_tokens_by_household (household_id, token, sort_key)
    SELECT household_id, token, sort_key FROM household_tokens ORDER BY household_id, token;
CREATE TABLE IF NOT EXISTS household_tokens_import AS SELECT token, sort_key, household_id FROM household_tokens WHERE 1 = 0;
INSERT OR IGNORE INTO household_tokens_by_household (household_id, token, sort_key)
    SELECT household_id, token, sort_key FROM household_tokens_import
    WHERE household_id IN (SELECT id FROM households) ORDER BY household_id, token;
DROP TABLE household_tokens_import;
DROP TABLE household_tokens;
ALTER TABLE household_tokens_by_household RENAME TO household_tokens;
CREATE INDEX household_tokens_token ON household_tokens (token, sort_key, household_id);
