-- The household file: directory, households, persons, memberships, cases with their event log, and the
-- processing log. Ids are UUIDv7 stored as 16-byte blobs; timestamps as RFC 3339 text (UTC); dates as ISO text.

CREATE TABLE regions (
    id BLOB PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE organisations (
    id BLOB PRIMARY KEY,
    region_id BLOB NOT NULL REFERENCES regions(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);

CREATE TABLE teams (
    id BLOB PRIMARY KEY,
    organisation_id BLOB NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL
);

CREATE TABLE professionals (
    id BLOB PRIMARY KEY,
    organisation_id BLOB NOT NULL REFERENCES organisations(id),
    team_id BLOB REFERENCES teams(id),
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL
);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    professional_id BLOB NOT NULL REFERENCES professionals(id),
    created_at TEXT NOT NULL
);

CREATE TABLE households (
    id BLOB PRIMARY KEY,
    region_id BLOB NOT NULL REFERENCES regions(id),
    name TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    street TEXT,
    house_number TEXT,
    postcode TEXT,
    city TEXT,
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX households_sort ON households (sort_key, id);

-- Search: every word of the household's name and of its current members' names, BSNs and birth dates,
-- with the household's sort key, so that a search word yields its households in name order from the index.
CREATE TABLE household_tokens (
    token TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    household_id BLOB NOT NULL REFERENCES households(id),
    PRIMARY KEY (token, sort_key, household_id)
) WITHOUT ROWID;
CREATE INDEX household_tokens_household ON household_tokens (household_id, token);

CREATE TABLE persons (
    id BLOB PRIMARY KEY,
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    date_of_birth TEXT NOT NULL,
    bsn TEXT UNIQUE,
    street TEXT,
    house_number TEXT,
    postcode TEXT,
    city TEXT,
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX persons_name_dob ON persons (name_key, date_of_birth);

CREATE TABLE memberships (
    id BLOB PRIMARY KEY,
    household_id BLOB NOT NULL REFERENCES households(id),
    person_id BLOB NOT NULL REFERENCES persons(id),
    relation TEXT NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT
);
CREATE INDEX memberships_household ON memberships (household_id);
CREATE INDEX memberships_person ON memberships (person_id);

CREATE TABLE cases (
    id BLOB PRIMARY KEY,
    household_id BLOB NOT NULL REFERENCES households(id),
    phase TEXT NOT NULL,
    lead_primary BLOB NOT NULL REFERENCES professionals(id),
    lead_secondary BLOB REFERENCES professionals(id),
    legal_frame TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    closed_at TEXT,
    handoffs INTEGER NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX cases_household ON cases (household_id);
-- At most one open case per household.
CREATE UNIQUE INDEX cases_one_open_per_household ON cases (household_id) WHERE closed_at IS NULL;

CREATE TABLE case_events (
    id BLOB PRIMARY KEY,
    case_id BLOB NOT NULL REFERENCES cases(id),
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor_id BLOB NOT NULL REFERENCES professionals(id),
    organisation_id BLOB NOT NULL REFERENCES organisations(id),
    kind TEXT NOT NULL,
    reason TEXT,
    payload TEXT NOT NULL,
    UNIQUE (case_id, seq)
);

-- Logboek Dataverwerkingen: who processed whose personal data, for which purpose.
CREATE TABLE processing_log (
    id BLOB PRIMARY KEY,
    at TEXT NOT NULL,
    professional_id BLOB NOT NULL,
    organisation_id BLOB NOT NULL,
    purpose TEXT NOT NULL,
    operation TEXT NOT NULL,
    household_id BLOB,
    person_id BLOB
);
CREATE INDEX processing_log_person ON processing_log (person_id);
CREATE INDEX processing_log_household ON processing_log (household_id);
