-- Break the glass (F19): emergency accesses to files, one JSON document each with the columns the
-- look-ups need, and the professionals appointed to review them (the privacy officer or team manager).
CREATE TABLE emergency_access (
    id UUID PRIMARY KEY,
    professional_id UUID NOT NULL REFERENCES professionals(id),
    organisation_id UUID NOT NULL REFERENCES organisations(id),
    household_id UUID NOT NULL REFERENCES households(id),
    at TIMESTAMPTZ NOT NULL,
    until TIMESTAMPTZ NOT NULL,
    reviewed BIGINT NOT NULL,
    document JSONB NOT NULL
);
CREATE INDEX emergency_access_professional ON emergency_access (professional_id, until);
CREATE INDEX emergency_access_organisation ON emergency_access (organisation_id, reviewed, at);
CREATE INDEX emergency_access_household ON emergency_access (household_id);

CREATE TABLE reviewers (
    professional_id UUID PRIMARY KEY REFERENCES professionals(id)
);
