-- The household file: directory, households, persons, memberships, cases with their event log, and the
-- processing log. Ids are UUIDv7; timestamps TIMESTAMPTZ; search keys use the C collation so prefix ranges use the index.

CREATE TABLE regions (
    id UUID PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE organisations (
    id UUID PRIMARY KEY,
    region_id UUID NOT NULL REFERENCES regions(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);

CREATE TABLE teams (
    id UUID PRIMARY KEY,
    organisation_id UUID NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL
);

CREATE TABLE professionals (
    id UUID PRIMARY KEY,
    organisation_id UUID NOT NULL REFERENCES organisations(id),
    team_id UUID REFERENCES teams(id),
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL
);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    professional_id UUID NOT NULL REFERENCES professionals(id),
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE households (
    id UUID PRIMARY KEY,
    region_id UUID NOT NULL REFERENCES regions(id),
    name TEXT NOT NULL,
    sort_key TEXT COLLATE "C" NOT NULL,
    street TEXT,
    house_number TEXT,
    postcode TEXT,
    city TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX households_sort ON households (sort_key, id);

-- Search: every word of the household's name and of its current members' names, BSNs and birth dates,
-- with the household's sort key, so that a search word yields its households in name order from the index.
CREATE TABLE household_tokens (
    token TEXT COLLATE "C" NOT NULL,
    sort_key TEXT COLLATE "C" NOT NULL,
    household_id UUID NOT NULL REFERENCES households(id),
    PRIMARY KEY (token, sort_key, household_id)
);
CREATE INDEX household_tokens_household ON household_tokens (household_id, token);

CREATE TABLE persons (
    id UUID PRIMARY KEY,
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    date_of_birth DATE NOT NULL,
    bsn TEXT UNIQUE,
    street TEXT,
    house_number TEXT,
    postcode TEXT,
    city TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX persons_name_dob ON persons (name_key, date_of_birth);

CREATE TABLE memberships (
    id UUID PRIMARY KEY,
    household_id UUID NOT NULL REFERENCES households(id),
    person_id UUID NOT NULL REFERENCES persons(id),
    relation TEXT NOT NULL,
    from_date DATE NOT NULL,
    to_date DATE
);
CREATE INDEX memberships_household ON memberships (household_id);
CREATE INDEX memberships_person ON memberships (person_id);

CREATE TABLE cases (
    id UUID PRIMARY KEY,
    household_id UUID NOT NULL REFERENCES households(id),
    phase TEXT NOT NULL,
    lead_primary UUID NOT NULL REFERENCES professionals(id),
    lead_secondary UUID REFERENCES professionals(id),
    legal_frame TEXT NOT NULL,
    opened_at TIMESTAMPTZ NOT NULL,
    closed_at TIMESTAMPTZ,
    handoffs INTEGER NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX cases_household ON cases (household_id);
-- At most one open case per household.
CREATE UNIQUE INDEX cases_one_open_per_household ON cases (household_id) WHERE closed_at IS NULL;

CREATE TABLE case_events (
    id UUID PRIMARY KEY,
    case_id UUID NOT NULL REFERENCES cases(id),
    seq BIGINT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    actor_id UUID NOT NULL REFERENCES professionals(id),
    organisation_id UUID NOT NULL REFERENCES organisations(id),
    kind TEXT NOT NULL,
    reason TEXT,
    payload JSONB NOT NULL,
    UNIQUE (case_id, seq)
);

-- Logboek Dataverwerkingen: who processed whose personal data, for which purpose.
CREATE TABLE processing_log (
    id UUID PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    professional_id UUID NOT NULL,
    organisation_id UUID NOT NULL,
    purpose TEXT NOT NULL,
    operation TEXT NOT NULL,
    household_id UUID,
    person_id UUID
);
CREATE INDEX processing_log_person ON processing_log (person_id);
CREATE INDEX processing_log_household ON processing_log (household_id);
