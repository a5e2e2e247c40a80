-- Parental authority (gezag, issue 13): who holds authority over each child of a household, from when.
-- Each registration is kept; the latest per child is current.
CREATE TABLE parental_authority (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    household_id UUID NOT NULL REFERENCES households(id),
    child_id UUID NOT NULL REFERENCES persons(id),
    document JSONB NOT NULL,
    recorded_by UUID NOT NULL REFERENCES professionals(id),
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX parental_authority_by_child ON parental_authority (household_id, child_id, id);
