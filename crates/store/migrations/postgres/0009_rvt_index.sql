-- The RVT professional of an open case, indexed only where there is one: most cases are never scaled up, and
-- an index whose every entry is NULL looks useless to the planner, which then scans every case.
DROP INDEX cases_open_rvt_professional;
CREATE INDEX cases_open_rvt_professional ON cases (rvt_professional) WHERE closed_at IS NULL AND rvt_professional IS NOT NULL;
