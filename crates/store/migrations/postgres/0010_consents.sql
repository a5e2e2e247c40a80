-- Consent and legal grounds (F18): a household member's consent to share the household's data with one
-- organisation for one purpose, one JSON document each with the columns the look-ups need. A revoked
-- consent stays, marked, so what was shared on it can still be explained.
CREATE TABLE consents (
    id UUID PRIMARY KEY,
    household_id UUID NOT NULL REFERENCES households(id),
    person_id UUID NOT NULL REFERENCES persons(id),
    organisation_id UUID NOT NULL REFERENCES organisations(id),
    revoked BIGINT NOT NULL,
    document JSONB NOT NULL
);
CREATE INDEX consents_household ON consents (household_id);
