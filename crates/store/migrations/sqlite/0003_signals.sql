-- Signals (F3-F6): reports and advice requests. The signal is one JSON document (its reporter included) with
-- the columns triage, feedback and the radar need beside it. signal_subjects indexes who and which
-- households a signal concerns, by receipt date, for the radar.
CREATE TABLE signals (
    id BLOB PRIMARY KEY,
    received_by BLOB NOT NULL REFERENCES organisations(id),
    received_on TEXT NOT NULL,
    household_id BLOB REFERENCES households(id),
    status TEXT NOT NULL,
    assessment_deadline TEXT,
    reporter_professional BLOB REFERENCES professionals(id),
    document TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX signals_open_by_receiver ON signals (received_by, assessment_deadline) WHERE status = 'received';
CREATE INDEX signals_by_reporter ON signals (reporter_professional) WHERE reporter_professional IS NOT NULL;

CREATE TABLE signal_subjects (
    signal_id BLOB NOT NULL REFERENCES signals(id),
    person_id BLOB,
    household_id BLOB,
    received_on TEXT NOT NULL
);
CREATE INDEX signal_subjects_person ON signal_subjects (person_id, received_on) WHERE person_id IS NOT NULL;
CREATE INDEX signal_subjects_household ON signal_subjects (household_id, received_on) WHERE household_id IS NOT NULL;
CREATE INDEX signal_subjects_signal ON signal_subjects (signal_id);

-- Every change to a signal, like a case's events.
CREATE TABLE signal_events (
    signal_id BLOB NOT NULL REFERENCES signals(id),
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor_id BLOB NOT NULL REFERENCES professionals(id),
    organisation_id BLOB NOT NULL REFERENCES organisations(id),
    kind TEXT NOT NULL,
    PRIMARY KEY (signal_id, seq)
);

-- The region's statutory norms (configurable; defaults as the law and the quality framework give them).
CREATE TABLE norms (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO norms (name, value) VALUES
    ('safety_assessment_working_days', 5),
    ('investigation_weeks', 10),
    ('radar_years', 5);

CREATE INDEX households_address ON households (postcode, house_number);
