-- The court route (issue 13): which organisation has work on a case's justice route, and from when it is
-- due: the Raad on an investigation it has not concluded, the court on a request it has not decided, the
-- GI on a measure it executes. Rewritten with every change of a case that has a justice route (the
-- investigations, requests and measures themselves live in the case's route document). It makes the Raad's,
-- the court's and the GI's worklists, and gives their organisation its task in the household's file
-- (need-to-know, F19).
CREATE TABLE case_tasks (
    case_id BLOB NOT NULL REFERENCES cases(id),
    household_id BLOB NOT NULL REFERENCES households(id),
    organisation_id BLOB NOT NULL REFERENCES organisations(id),
    due TEXT NOT NULL
);
CREATE INDEX case_tasks_by_organisation ON case_tasks (organisation_id, due);
CREATE INDEX case_tasks_by_case ON case_tasks (case_id);
-- The region's norms for the court route: the Raad's investigation (weeks from acceptance), the GI's
-- reminder before a measure ends (weeks), and whether the GI's jeugdbeschermer takes the lead (1) or works in
-- a duo with the local lead (0).
INSERT INTO norms (name, value) VALUES ('raad_investigation_weeks', 10), ('measure_reminder_weeks', 12), ('measure_transfer', 0);
