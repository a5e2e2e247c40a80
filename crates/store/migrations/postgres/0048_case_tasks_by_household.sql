-- An organisation's tasks on the justice route (the Raad's investigations, the court's requests, the GI's
-- measures) by household within the organisation. Need-to-know looks up whether the organisation has a task in
-- each household of a page (`grounds_about`'s justice part), and a search lists the households it has tasks in
-- (`push_worked_with`); the index on (organisation_id, due) made both read every task of the organisation and
-- each task's row. With 5,000 tasks for one GI on the 1M file (rolled back): the page's 50 households 1.38 ms
-- before, 0.03 ms after; the search's list 2.26 ms before, 1.36 ms after (docs/performance.md). It also holds
-- the case, so the organisation's work list (`justice_cases`) reads no task's row either.
DROP INDEX case_tasks_by_organisation;
CREATE INDEX case_tasks_by_organisation ON case_tasks (organisation_id, household_id, due, starts_on, case_id);
