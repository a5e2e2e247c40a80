-- Merging two person records that are one person (issue 14, F2): the retired record points to the one that
-- stays, and each merge is kept with what it moved, so it can be undone.
ALTER TABLE persons ADD COLUMN merged_into BLOB REFERENCES persons(id);
CREATE TABLE person_merges (
    id BLOB PRIMARY KEY,
    survivor_id BLOB NOT NULL REFERENCES persons(id),
    retired_id BLOB NOT NULL REFERENCES persons(id),
    document TEXT NOT NULL
);
CREATE INDEX person_merges_survivor ON person_merges (survivor_id);
CREATE INDEX person_merges_retired ON person_merges (retired_id);
