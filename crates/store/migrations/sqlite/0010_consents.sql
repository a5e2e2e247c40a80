-- Consent and legal grounds (F18): a household member's consent to share the household's data with one
-- organisation for one purpose, one JSON document each with the columns the look-ups need. A revoked
-- consent stays, marked, so what was shared on it can still be explained.
CREATE TABLE consents (
    id BLOB PRIMARY KEY,
    household_id BLOB NOT NULL REFERENCES households(id),
    person_id BLOB NOT NULL REFERENCES persons(id),
    organisation_id BLOB NOT NULL REFERENCES organisations(id),
    revoked INTEGER NOT NULL,
    document TEXT NOT NULL
);
CREATE INDEX consents_household ON consents (household_id);
