-- A case's events are keyed by case and sequence number (issue 17, item 4), the order they are read in: the
-- unique constraint on (case_id, seq) becomes the primary key, and the id keeps no index of its own, since
-- nothing looks an event up by it (it is a UUIDv7, made unique where it is made). One index fewer to write per
-- event and to keep per household (docs/performance.md).
ALTER TABLE case_events DROP CONSTRAINT case_events_pkey;
ALTER TABLE case_events DROP CONSTRAINT case_events_case_id_seq_key;
ALTER TABLE case_events ADD CONSTRAINT case_events_pkey PRIMARY KEY (case_id, seq);
ALTER TABLE case_events DROP COLUMN kind;
