-- A household member can be the actor of a case event (issue 12): their answer to the plan, given in the
-- portal, is part of the case's record under their own name. An event is made either by a professional
-- (actor_id) or by a member (by_person_id), for the organisation whose file it is. SQLite cannot drop a
-- NOT NULL constraint, so the table is rebuilt with the same rows.
CREATE TABLE case_events_new (
    id BLOB PRIMARY KEY,
    case_id BLOB NOT NULL REFERENCES cases(id),
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor_id BLOB REFERENCES professionals(id),
    organisation_id BLOB NOT NULL REFERENCES organisations(id),
    kind TEXT NOT NULL,
    reason TEXT,
    payload TEXT NOT NULL,
    by_person_id BLOB REFERENCES persons(id),
    UNIQUE (case_id, seq),
    CHECK ((actor_id IS NULL) <> (by_person_id IS NULL))
);
INSERT INTO case_events_new (id, case_id, seq, at, actor_id, organisation_id, kind, reason, payload)
SELECT id, case_id, seq, at, actor_id, organisation_id, kind, reason, payload FROM case_events;
DROP TABLE case_events;
ALTER TABLE case_events_new RENAME TO case_events;
