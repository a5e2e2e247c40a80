-- The meldcode assistant's records (F4), kept whatever the outcome: a professional's file of how they
-- walked the five steps and the afwegingskader.
CREATE TABLE meldcode_records (
    id BLOB PRIMARY KEY,
    professional_id BLOB NOT NULL REFERENCES professionals(id),
    organisation_id BLOB NOT NULL REFERENCES organisations(id),
    at TEXT NOT NULL,
    household_id BLOB REFERENCES households(id),
    document TEXT NOT NULL
);
CREATE INDEX meldcode_records_by ON meldcode_records (professional_id, at);
