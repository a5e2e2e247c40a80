-- A household member can be the actor of a case event (issue 12): their answer to the plan, given in the
-- portal, is part of the case's record under their own name. An event is made either by a professional
-- (actor_id) or by a member (by_person_id), for the organisation whose file it is.
ALTER TABLE case_events ALTER COLUMN actor_id DROP NOT NULL;
ALTER TABLE case_events ADD COLUMN by_person_id UUID REFERENCES persons(id);
ALTER TABLE case_events ADD CONSTRAINT case_events_one_actor CHECK ((actor_id IS NULL) <> (by_person_id IS NULL));
