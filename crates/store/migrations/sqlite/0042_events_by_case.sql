-- A case's events are kept in the order they are read (issue 17, item 4): by case and sequence number, in a
-- table without a rowid whose key is (case_id, seq). A timeline is then one range of the table itself, on a
-- page or two, instead of an index range and a look-up per event in a table ordered by arrival; and an event
-- is one B-tree entry instead of three. Nothing looks an event up by its id, so the id keeps no index of its
-- own (it is a UUIDv7, made unique where it is made); the kind column, which nothing read, is gone (the
-- payload names its kind). At a million households the two indexes were 613 bytes per household
-- (docs/performance.md).
CREATE TABLE case_events_new (
    id BLOB NOT NULL,
    case_id BLOB NOT NULL REFERENCES cases(id),
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor_id BLOB REFERENCES professionals(id),
    organisation_id BLOB NOT NULL REFERENCES organisations(id),
    reason TEXT,
    payload TEXT NOT NULL,
    by_person_id BLOB REFERENCES persons(id),
    PRIMARY KEY (case_id, seq),
    CHECK ((actor_id IS NULL) <> (by_person_id IS NULL))
) WITHOUT ROWID;
INSERT INTO case_events_new (id, case_id, seq, at, actor_id, organisation_id, reason, payload, by_person_id)
SELECT id, case_id, seq, at, actor_id, organisation_id, reason, payload, by_person_id FROM case_events ORDER BY case_id, seq;
DROP TABLE case_events;
ALTER TABLE case_events_new RENAME TO case_events;
