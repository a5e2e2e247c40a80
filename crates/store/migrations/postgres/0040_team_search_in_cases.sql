-- A search among one's own households (issue 17) reads the team's open cases from their leads' indexes. Each
-- case now carries its household's sort key and search words (each word after a newline), so that the words
-- are checked on the case instead of in `household_tokens`, household by household (docs/performance.md).
-- The store keeps the copies with the search index: `reindex_household` and `insert_cases`. Unlike SQLite's,
-- the indexes do not hold the words: PostgreSQL refuses an index entry over a third of a page, which a large
-- household's words could reach, and its cached pages do not go cold after every write.
ALTER TABLE cases ADD COLUMN household_sort_key TEXT, ADD COLUMN household_words TEXT;
UPDATE cases SET
    household_sort_key = (SELECT sort_key FROM households h WHERE h.id = cases.household_id),
    household_words = (SELECT chr(10) || string_agg(token, chr(10)) FROM household_tokens t WHERE t.household_id = cases.household_id);
