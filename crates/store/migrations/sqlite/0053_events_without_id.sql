-- A case's event is known by its case and sequence number (issue 17, item 4): nothing read the event's own
-- id back, so it is no longer stored (16 bytes of each of ten million events at a million households,
-- docs/performance.md). The id a webhook carries for an event (its CloudEvents `id`, F28) is made when the
-- event is and kept in the outbox entry, as before. The table is rebuilt in its key order, without rowid.
CREATE TABLE case_events_new (
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
INSERT INTO case_events_new (case_id, seq, at, actor_id, organisation_id, reason, payload, by_person_id)
SELECT case_id, seq, at, actor_id, organisation_id, reason, payload, by_person_id FROM case_events ORDER BY case_id, seq;
DROP TABLE case_events;
ALTER TABLE case_events_new RENAME TO case_events;
CREATE INDEX case_events_by_person ON case_events (by_person_id) WHERE by_person_id IS NOT NULL;
