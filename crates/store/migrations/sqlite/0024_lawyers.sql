-- A household member's lawyer (issue 14): one per member, as the member registered them, with the hash of
-- the code that lets the lawyer read the court proceedings concerning their client while the client
-- consents (none without consent).
CREATE TABLE lawyers (
    client_id BLOB PRIMARY KEY REFERENCES persons(id),
    household_id BLOB NOT NULL REFERENCES households(id),
    code_hash TEXT UNIQUE,
    document TEXT NOT NULL
);
CREATE INDEX lawyers_household ON lawyers (household_id);
