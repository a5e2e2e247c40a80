-- A case's event is known by its case and sequence number (issue 17, item 4): nothing read the event's own
-- id back, so it is no longer stored (16 bytes of each of ten million events at a million households,
-- docs/performance.md). The id a webhook carries for an event (its CloudEvents `id`, F28) is made when the
-- event is and kept in the outbox entry, as before. Dropping the column changes only the catalogue: rows
-- written before keep their bytes until they are rewritten (`VACUUM FULL`).
ALTER TABLE case_events DROP COLUMN id;
