-- Parental authority (gezag, issue 13): who holds authority over each child of a household, from when.
-- Each registration is kept; the latest per child is current.
CREATE TABLE parental_authority (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    household_id BLOB NOT NULL REFERENCES households(id),
    child_id BLOB NOT NULL REFERENCES persons(id),
    document TEXT NOT NULL,
    recorded_by BLOB NOT NULL REFERENCES professionals(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX parental_authority_by_child ON parental_authority (household_id, child_id, id);
