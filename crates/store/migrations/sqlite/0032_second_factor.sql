-- A second factor per account (F30, issue 16): a TOTP secret (RFC 6238), confirmed once its holder typed a
-- code from their app; the last time step accepted, so that no code is accepted twice.
CREATE TABLE second_factors (
    username TEXT PRIMARY KEY REFERENCES accounts(username) ON DELETE CASCADE,
    secret TEXT NOT NULL,
    confirmed BIGINT NOT NULL DEFAULT 0,
    last_step BIGINT NOT NULL DEFAULT 0
);
-- Ten recovery codes per second factor, stored as hashes, each accepted once.
CREATE TABLE recovery_codes (
    username TEXT NOT NULL REFERENCES accounts(username) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at TEXT,
    PRIMARY KEY (username, code_hash)
);
-- A sign-in half done: the password was right, the second factor is still to come. No session exists yet.
-- One that sets up a second factor holds its secret, so that only this sign-in ever shows it.
CREATE TABLE sign_in_challenges (
    id_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    pending_secret TEXT,
    expires_at TEXT NOT NULL
);
-- The operator reset an account's second factor (regie account reset-second-factor): whose, when.
CREATE TABLE second_factor_resets (
    username TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX second_factor_resets_username ON second_factor_resets (username, at);
