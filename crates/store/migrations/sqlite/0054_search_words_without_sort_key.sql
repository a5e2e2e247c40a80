-- The search words without the household's sort key (issue 17, item 4). Each word carried its household's
-- sort key, in the table and again in the word index, so that a search over every household could read its
-- first page in name order straight off the index. Since need-to-know (2026-12-02) no one searches every
-- household that way: a search among one's own households looks each household up by its key (or in the
-- leads' indexes of the team's cases), and a search over all of them is only for a BSN or a name with a birth
-- date, whose word names a few households, sorted after. So a word is its household and itself: about 460
-- bytes less per household at a million (docs/performance.md).
CREATE TABLE household_tokens_new (
    household_id BLOB NOT NULL REFERENCES households(id),
    token TEXT NOT NULL,
    PRIMARY KEY (household_id, token)
) WITHOUT ROWID;
INSERT INTO household_tokens_new (household_id, token)
    SELECT household_id, token FROM household_tokens ORDER BY household_id, token;
DROP TABLE household_tokens;
ALTER TABLE household_tokens_new RENAME TO household_tokens;
CREATE INDEX household_tokens_token ON household_tokens (token, household_id);
-- An import stopped halfway left the old word index's definition to be made again: it is made here.
DELETE FROM deferred_indexes WHERE name = 'household_tokens_token';
