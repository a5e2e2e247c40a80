-- Art. 1:260 lid 1 BW: when the GI does not request the extension of a measure, the Raad or the OM that
-- asked for it may. Their task on the case starts some weeks before the measure ends, not at once: a task
-- row with a first day is neither on their worklist nor a ground to read the household's file before it.
-- Rows without one start at once.
ALTER TABLE case_tasks ADD COLUMN starts_on DATE;
