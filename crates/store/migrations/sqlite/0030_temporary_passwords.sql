-- A temporary password an administrator gives a colleague must be replaced at the next sign-in; each
-- reset is recorded: whose, by whom, when (issue 11).
ALTER TABLE accounts ADD COLUMN must_change BIGINT NOT NULL DEFAULT 0;
CREATE TABLE password_resets (
    username TEXT NOT NULL,
    by_professional BLOB NOT NULL REFERENCES professionals(id),
    at TEXT NOT NULL
);
CREATE INDEX password_resets_username ON password_resets (username, at);
