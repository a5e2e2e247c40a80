-- Break the glass (F19): emergency accesses to files, one JSON document each with the columns the
-- look-ups need, and the professionals appointed to review them (the privacy officer or team manager).
CREATE TABLE emergency_access (
    id BLOB PRIMARY KEY,
    professional_id BLOB NOT NULL REFERENCES professionals(id),
    organisation_id BLOB NOT NULL REFERENCES organisations(id),
    household_id BLOB NOT NULL REFERENCES households(id),
    at TEXT NOT NULL,
    until TEXT NOT NULL,
    reviewed INTEGER NOT NULL,
    document TEXT NOT NULL
);
CREATE INDEX emergency_access_professional ON emergency_access (professional_id, until);
CREATE INDEX emergency_access_organisation ON emergency_access (organisation_id, reviewed, at);
CREATE INDEX emergency_access_household ON emergency_access (household_id);

CREATE TABLE reviewers (
    professional_id BLOB PRIMARY KEY REFERENCES professionals(id)
);
