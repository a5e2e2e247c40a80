-- A case carries no search words when they are longer than 1,500 bytes (`CASE_WORDS_MAX`), as on
-- PostgreSQL, whose leads' indexes now hold them too and refuse an entry over a third of a page. Such a
-- household's case is found through an index of its own, and its words in `household_tokens`.
UPDATE cases SET household_words = NULL WHERE length(CAST(household_words AS BLOB)) > 1500;
CREATE INDEX cases_open_without_words ON cases (household_id) WHERE closed_at IS NULL AND household_words IS NULL;
