-- The family's own reads and contributions in the processing log: a record is made either by a
-- professional or by a household member in the portal (by_person_id), for the organisation whose file it
-- is. The hash chain is untouched (its hashes cover the same fields).
ALTER TABLE processing_log ALTER COLUMN professional_id DROP NOT NULL;
ALTER TABLE processing_log ADD COLUMN by_person_id UUID;
ALTER TABLE processing_log ADD CONSTRAINT processing_log_one_actor CHECK ((professional_id IS NULL) <> (by_person_id IS NULL));
