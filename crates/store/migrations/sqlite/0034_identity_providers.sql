-- Sign-in through an organisation's own identity provider (F30, issue 16), after OIDC NL GOV: one provider
-- per organisation, Regie's client id there, the private key it signs its client assertions with
-- (private_key_jwt), and the ID token claim whose value is the professional's username.
CREATE TABLE identity_providers (
    organisation_id BLOB PRIMARY KEY REFERENCES organisations(id),
    issuer TEXT NOT NULL,
    client_id TEXT NOT NULL,
    private_key_pem TEXT NOT NULL,
    key_id TEXT,
    claim TEXT NOT NULL
);
-- A sign-in on its way to the provider and back: found by a hash of its state, used once, ten minutes.
CREATE TABLE oidc_logins (
    state_hash TEXT PRIMARY KEY,
    organisation_id BLOB NOT NULL REFERENCES organisations(id),
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
