-- The route (F9-F12): scaling, the latest analysis and plan, and help, as one JSON document per case that
-- only the case's events change. rvt_professional mirrors the RVT professional of a scale-up so that
-- worklists find, by index, the open cases a professional leads or is consulted on.
ALTER TABLE cases ADD COLUMN route JSONB NOT NULL DEFAULT '{}';
ALTER TABLE cases ADD COLUMN rvt_professional UUID REFERENCES professionals(id);
CREATE INDEX cases_open_lead_primary ON cases (lead_primary) WHERE closed_at IS NULL;
CREATE INDEX cases_open_lead_secondary ON cases (lead_secondary) WHERE closed_at IS NULL;
CREATE INDEX cases_open_rvt_professional ON cases (rvt_professional) WHERE closed_at IS NULL;
