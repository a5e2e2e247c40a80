-- Whose a task on the justice route is (`Task::professional`): the Raad's investigator once an investigation
-- is accepted, the GI's jeugdbeschermer of a measure; empty while it is the organisation's, nobody's yet. A
-- search of one's own households (`push_worked_with`) then takes only the tasks of the professional's team
-- and those of nobody, instead of every task of a large GI. Need-to-know does not read this table: it weighs
-- the case itself (`Justice::involves`). A row written before this migration names nobody until its case
-- next changes, which only widens a search's candidates, never what opens.
ALTER TABLE case_tasks ADD COLUMN professional_id BLOB REFERENCES professionals(id);
DROP INDEX case_tasks_by_organisation;
CREATE INDEX case_tasks_by_organisation ON case_tasks (organisation_id, household_id, due, starts_on, case_id, professional_id);
