-- Sign-in for the web application (F30): accounts with argon2id password hashes, for a professional or for
-- a household member using the portal, and sessions kept here so several servers can share them.
CREATE TABLE accounts (
    username TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    professional_id BLOB UNIQUE REFERENCES professionals(id),
    person_id BLOB UNIQUE REFERENCES persons(id),
    CHECK ((professional_id IS NULL) <> (person_id IS NULL))
);

-- Sign-in attempts since the last success, per username typed — known or not, so that slowing down and
-- locking out look the same for a username that does not exist.
CREATE TABLE sign_in_attempts (
    username TEXT PRIMARY KEY,
    attempts INTEGER NOT NULL,
    last_at TEXT NOT NULL
);

-- Only a hash of the session cookie is stored; the CSRF token is per session.
CREATE TABLE web_sessions (
    id_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES accounts(username) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);

-- What family members add from the portal (F16): their own words and score, their answer to a plan
-- version, a request for correction. Kept beside the case's event log, append-only.
CREATE TABLE family_contributions (
    id BLOB PRIMARY KEY,
    case_id BLOB NOT NULL REFERENCES cases(id),
    person_id BLOB NOT NULL REFERENCES persons(id),
    at TEXT NOT NULL,
    contribution TEXT NOT NULL
);
CREATE INDEX family_contributions_by_case ON family_contributions (case_id, at);
