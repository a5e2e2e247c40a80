-- The meldcode assistant's records (F4), kept whatever the outcome: a professional's file of how they
-- walked the five steps and the afwegingskader.
CREATE TABLE meldcode_records (
    id UUID PRIMARY KEY,
    professional_id UUID NOT NULL REFERENCES professionals(id),
    organisation_id UUID NOT NULL REFERENCES organisations(id),
    at TIMESTAMPTZ NOT NULL,
    household_id UUID REFERENCES households(id),
    document JSONB NOT NULL
);
CREATE INDEX meldcode_records_by ON meldcode_records (professional_id, at);
