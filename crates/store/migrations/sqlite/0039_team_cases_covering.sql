-- The households of a team's open cases, read from these indexes alone: a search among one's own households
-- (issue 11) looked every case up in the table, a few hundred random pages that a reader reads afresh after
-- each write. The RVT and second lead are indexed only where there is one (as 0009 explains).
DROP INDEX cases_open_lead_primary;
CREATE INDEX cases_open_lead_primary ON cases (lead_primary, household_id) WHERE closed_at IS NULL;
DROP INDEX cases_open_lead_secondary;
CREATE INDEX cases_open_lead_secondary ON cases (lead_secondary, household_id) WHERE closed_at IS NULL AND lead_secondary IS NOT NULL;
DROP INDEX cases_open_rvt_professional;
CREATE INDEX cases_open_rvt_professional ON cases (rvt_professional, household_id) WHERE closed_at IS NULL AND rvt_professional IS NOT NULL;
