-- The justice partners' tracks (issue 13, F17): a criminal case the OM registers about a household member,
-- a supervision the Reclassering registers about an adult one; the minimal data set as one JSON document,
-- with the columns the look-ups need (the household's case team, the partner's own list).
CREATE TABLE justice_tracks (
    id UUID PRIMARY KEY,
    household_id UUID NOT NULL REFERENCES households(id),
    person_id UUID NOT NULL REFERENCES persons(id),
    organisation_id UUID NOT NULL REFERENCES organisations(id),
    document JSONB NOT NULL
);
CREATE INDEX justice_tracks_by_household ON justice_tracks (household_id);
CREATE INDEX justice_tracks_by_organisation ON justice_tracks (organisation_id);
