-- Regie itself can be the processor of a record (issue 11): the radar that looks up a reported family's
-- history when a report comes in, for the organisation that will assess it, is no professional's read. A
-- record is made by a professional, by a household member in the portal, or by neither (Regie).
ALTER TABLE processing_log DROP CONSTRAINT processing_log_one_actor;
ALTER TABLE processing_log ADD CONSTRAINT processing_log_one_actor CHECK (professional_id IS NULL OR by_person_id IS NULL);
