-- A measurement, not a migration (docs/performance.md, "The way to 3.4 KB a household", 2026-12-07): a copy
-- of a generated SQLite file at migration 0054 with integer keys inside the database, moments as integer
-- microseconds and the log's texts as codes. UUIDs stay as each entity's public identity (one unique index
-- per table); every reference is an integer. Run as `sqlite3 intkeys.db < this-file` with the source file
-- at the path ATTACHed below, then `SELECT name, SUM(pgsize) FROM dbstat GROUP BY name`.
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1000000;
PRAGMA temp_store = MEMORY;
ATTACH '/tmp/m35.db' AS src; -- the generated file to copy

-- moments: '2020-09-19T14:46:14.233190Z' -> microseconds since the epoch
CREATE TABLE organisations (id INTEGER PRIMARY KEY, uuid BLOB NOT NULL UNIQUE);
INSERT INTO organisations (uuid) SELECT id FROM src.organisations ORDER BY id;
CREATE TABLE professionals (id INTEGER PRIMARY KEY, uuid BLOB NOT NULL UNIQUE);
INSERT INTO professionals (uuid) SELECT id FROM src.professionals ORDER BY id;
CREATE TABLE regions (id INTEGER PRIMARY KEY, uuid BLOB NOT NULL UNIQUE);
INSERT INTO regions (uuid) SELECT id FROM src.regions ORDER BY id;

CREATE TABLE households (
    id INTEGER PRIMARY KEY, uuid BLOB NOT NULL UNIQUE, region_id INTEGER NOT NULL, name TEXT NOT NULL,
    sort_key TEXT NOT NULL, street TEXT, house_number TEXT, postcode TEXT, city TEXT, created_at INTEGER NOT NULL,
    version INTEGER NOT NULL, registered_by INTEGER);
INSERT INTO households (uuid, region_id, name, sort_key, street, house_number, postcode, city, created_at, version, registered_by)
SELECT h.id, r.id, h.name, h.sort_key, h.street, h.house_number, h.postcode, h.city,
       unixepoch(substr(h.created_at, 1, 19)) * 1000000 + CAST(substr(h.created_at, 21, 6) AS INTEGER), h.version, o.id
FROM src.households h JOIN regions r ON r.uuid = h.region_id LEFT JOIN organisations o ON o.uuid = h.registered_by ORDER BY h.id;
CREATE INDEX households_sort ON households (sort_key, id);
CREATE INDEX households_address ON households (postcode, house_number);

CREATE TABLE persons (
    id INTEGER PRIMARY KEY, uuid BLOB NOT NULL UNIQUE, given_name TEXT NOT NULL, family_name TEXT NOT NULL,
    name_key TEXT NOT NULL, date_of_birth TEXT NOT NULL, bsn TEXT UNIQUE, street TEXT, house_number TEXT, postcode TEXT,
    city TEXT, created_at INTEGER NOT NULL, version INTEGER NOT NULL, merged_into INTEGER);
INSERT INTO persons (uuid, given_name, family_name, name_key, date_of_birth, bsn, street, house_number, postcode, city, created_at, version)
SELECT id, given_name, family_name, name_key, date_of_birth, bsn, street, house_number, postcode, city,
       unixepoch(substr(created_at, 1, 19)) * 1000000 + CAST(substr(created_at, 21, 6) AS INTEGER), version
FROM src.persons ORDER BY id;
CREATE INDEX persons_name_dob ON persons (name_key, date_of_birth);

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY, uuid BLOB NOT NULL UNIQUE, household_id INTEGER NOT NULL, person_id INTEGER NOT NULL,
    relation TEXT NOT NULL, from_date TEXT NOT NULL, to_date TEXT);
INSERT INTO memberships (uuid, household_id, person_id, relation, from_date, to_date)
SELECT m.id, h.id, p.id, m.relation, m.from_date, m.to_date
FROM src.memberships m JOIN households h ON h.uuid = m.household_id JOIN persons p ON p.uuid = m.person_id ORDER BY m.id;
CREATE INDEX memberships_household ON memberships (household_id);
CREATE INDEX memberships_person ON memberships (person_id);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY, uuid BLOB NOT NULL UNIQUE, household_id INTEGER NOT NULL, phase TEXT NOT NULL,
    lead_primary INTEGER NOT NULL, lead_secondary INTEGER, legal_frame TEXT NOT NULL, opened_at INTEGER NOT NULL,
    closed_at INTEGER, handoffs INTEGER NOT NULL, version INTEGER NOT NULL, route TEXT NOT NULL, rvt_professional INTEGER,
    tally TEXT, household_sort_key TEXT, household_words TEXT);
INSERT INTO cases (uuid, household_id, phase, lead_primary, lead_secondary, legal_frame, opened_at, closed_at, handoffs, version, route, rvt_professional, tally, household_sort_key, household_words)
SELECT c.id, h.id, c.phase, p1.id, p2.id, c.legal_frame,
       unixepoch(substr(c.opened_at, 1, 19)) * 1000000 + CAST(substr(c.opened_at, 21, 6) AS INTEGER),
       CASE WHEN c.closed_at IS NULL THEN NULL ELSE unixepoch(substr(c.closed_at, 1, 19)) * 1000000 + CAST(substr(c.closed_at, 21, 6) AS INTEGER) END,
       c.handoffs, c.version, c.route, p3.id, c.tally, c.household_sort_key, c.household_words
FROM src.cases c JOIN households h ON h.uuid = c.household_id JOIN professionals p1 ON p1.uuid = c.lead_primary
LEFT JOIN professionals p2 ON p2.uuid = c.lead_secondary LEFT JOIN professionals p3 ON p3.uuid = c.rvt_professional ORDER BY c.id;
CREATE UNIQUE INDEX cases_one_open_per_household ON cases (household_id) WHERE closed_at IS NULL;
CREATE INDEX cases_household ON cases (household_id);
CREATE INDEX cases_open_lead_primary ON cases (lead_primary, household_id, household_sort_key, household_words) WHERE closed_at IS NULL;
CREATE INDEX cases_open_lead_secondary ON cases (lead_secondary, household_id, household_sort_key, household_words) WHERE closed_at IS NULL AND lead_secondary IS NOT NULL;
CREATE INDEX cases_open_rvt_professional ON cases (rvt_professional, household_id, household_sort_key, household_words) WHERE closed_at IS NULL AND rvt_professional IS NOT NULL;

CREATE TABLE case_events (
    case_id INTEGER NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL, actor_id INTEGER, organisation_id INTEGER NOT NULL,
    reason TEXT, payload TEXT NOT NULL, by_person_id INTEGER, PRIMARY KEY (case_id, seq)) WITHOUT ROWID;
INSERT INTO case_events
SELECT c.id, e.seq, unixepoch(substr(e.at, 1, 19)) * 1000000 + CAST(substr(e.at, 21, 6) AS INTEGER), p.id, o.id, e.reason, e.payload, pe.id
FROM src.case_events e JOIN cases c ON c.uuid = e.case_id LEFT JOIN professionals p ON p.uuid = e.actor_id
JOIN organisations o ON o.uuid = e.organisation_id LEFT JOIN persons pe ON pe.uuid = e.by_person_id ORDER BY c.id, e.seq;
CREATE INDEX case_events_by_person ON case_events (by_person_id) WHERE by_person_id IS NOT NULL;

CREATE TABLE household_tokens (household_id INTEGER NOT NULL, token TEXT NOT NULL, PRIMARY KEY (household_id, token)) WITHOUT ROWID;
INSERT INTO household_tokens SELECT h.id, t.token FROM src.household_tokens t JOIN households h ON h.uuid = t.household_id ORDER BY h.id, t.token;
CREATE INDEX household_tokens_token ON household_tokens (token, household_id);

CREATE TABLE signals (
    id INTEGER PRIMARY KEY, uuid BLOB NOT NULL UNIQUE, received_by INTEGER NOT NULL, received_on TEXT NOT NULL, household_id INTEGER,
    status TEXT NOT NULL, assessment_deadline TEXT, reporter_professional INTEGER, document TEXT NOT NULL, version INTEGER NOT NULL);
INSERT INTO signals (uuid, received_by, received_on, household_id, status, assessment_deadline, reporter_professional, document, version)
SELECT s.id, o.id, s.received_on, h.id, s.status, s.assessment_deadline, p.id, s.document, s.version
FROM src.signals s JOIN organisations o ON o.uuid = s.received_by LEFT JOIN households h ON h.uuid = s.household_id
LEFT JOIN professionals p ON p.uuid = s.reporter_professional ORDER BY s.id;
CREATE INDEX signals_by_household ON signals (household_id) WHERE household_id IS NOT NULL;
CREATE INDEX signals_by_reporter ON signals (reporter_professional) WHERE reporter_professional IS NOT NULL;
CREATE INDEX signals_open_by_receiver ON signals (received_by, assessment_deadline) WHERE status = 'received';

CREATE TABLE signal_subjects (signal_id INTEGER NOT NULL, person_id INTEGER, household_id INTEGER, received_on TEXT NOT NULL);
INSERT INTO signal_subjects SELECT s.id, p.id, h.id, ss.received_on FROM src.signal_subjects ss JOIN signals s ON s.uuid = ss.signal_id
LEFT JOIN persons p ON p.uuid = ss.person_id LEFT JOIN households h ON h.uuid = ss.household_id ORDER BY s.id;
CREATE INDEX signal_subjects_household ON signal_subjects (household_id, received_on) WHERE household_id IS NOT NULL;
CREATE INDEX signal_subjects_person ON signal_subjects (person_id, received_on) WHERE person_id IS NOT NULL;
CREATE INDEX signal_subjects_signal ON signal_subjects (signal_id);

CREATE TABLE signal_events (signal_id INTEGER NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL, actor_id INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL, kind TEXT NOT NULL, PRIMARY KEY (signal_id, seq)) WITHOUT ROWID;
INSERT INTO signal_events SELECT s.id, e.seq, unixepoch(substr(e.at, 1, 19)) * 1000000 + CAST(substr(e.at, 21, 6) AS INTEGER), p.id, o.id, e.kind
FROM src.signal_events e JOIN signals s ON s.uuid = e.signal_id JOIN professionals p ON p.uuid = e.actor_id JOIN organisations o ON o.uuid = e.organisation_id ORDER BY s.id, e.seq;

-- The log: integer references, codes for purpose, operation and activity, the hashes as they are.
CREATE TABLE codes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
INSERT INTO codes (text) SELECT DISTINCT purpose FROM src.processing_log UNION SELECT DISTINCT operation FROM src.processing_log UNION SELECT DISTINCT activity FROM src.processing_log WHERE activity IS NOT NULL;
CREATE TABLE processing_log (
    seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, professional_id INTEGER, organisation_id INTEGER NOT NULL, purpose INTEGER NOT NULL,
    operation INTEGER NOT NULL, household_id INTEGER, person_id INTEGER, activity INTEGER, trace_id BLOB, span_id BLOB,
    parent_span_id BLOB, emergency INTEGER NOT NULL DEFAULT 0, prev_hash BLOB, hash BLOB, by_person_id INTEGER);
INSERT INTO processing_log
SELECT l.seq, unixepoch(substr(l.at, 1, 19)) * 1000000 + CAST(substr(l.at, 21, 6) AS INTEGER), p.id, o.id, cp.id, co.id, h.id, pe.id, ca.id,
       l.trace_id, l.span_id, l.parent_span_id, l.emergency, l.prev_hash, l.hash, bp.id
FROM src.processing_log l LEFT JOIN professionals p ON p.uuid = l.professional_id JOIN organisations o ON o.uuid = l.organisation_id
JOIN codes cp ON cp.text = l.purpose JOIN codes co ON co.text = l.operation LEFT JOIN codes ca ON ca.text = l.activity
LEFT JOIN households h ON h.uuid = l.household_id LEFT JOIN persons pe ON pe.uuid = l.person_id LEFT JOIN persons bp ON bp.uuid = l.by_person_id
ORDER BY l.seq;
CREATE INDEX processing_log_at ON processing_log (at);
CREATE INDEX processing_log_subject ON processing_log (household_id, person_id);

CREATE TABLE stats_flows AS SELECT * FROM src.stats_flows;
CREATE TABLE stats_stocks AS SELECT * FROM src.stats_stocks;
DETACH src;
