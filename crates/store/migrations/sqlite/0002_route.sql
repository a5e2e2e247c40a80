-- The route (F9-F12): scaling, the latest analysis and plan, and help, as one JSON document per case that
-- only the case's events change. rvt_professional mirrors the RVT professional of a scale-up so that
-- worklists find, by index, the open cases a professional leads or is consulted on.
ALTER TABLE cases ADD COLUMN route TEXT NOT NULL DEFAULT '{}';
ALTER TABLE cases ADD COLUMN rvt_professional BLOB REFERENCES professionals(id);
CREATE INDEX cases_open_lead_primary ON cases (lead_primary) WHERE closed_at IS NULL;
CREATE INDEX cases_open_lead_secondary ON cases (lead_secondary) WHERE closed_at IS NULL;
CREATE INDEX cases_open_rvt_professional ON cases (rvt_professional) WHERE closed_at IS NULL;

-- The region's catalogue of help kinds with their waiting norms (F12); the municipality edits it.
CREATE TABLE help_kinds (
    code TEXT PRIMARY KEY,
    name_nl TEXT NOT NULL,
    waiting_norm_days INTEGER NOT NULL
);
INSERT INTO help_kinds (code, name_nl, waiting_norm_days) VALUES
    ('youth_care', 'Jeugdhulp', 56),
    ('parenting_support', 'Opvoedondersteuning', 28),
    ('adult_mental_health', 'Volwassenen-GGZ (Treeknorm)', 98),
    ('addiction_care', 'Verslavingszorg', 28),
    ('debt_help', 'Schuldhulpverlening', 28),
    ('housing', 'Huisvesting', 84),
    ('domestic_violence_support', 'Hulp bij huiselijk geweld', 14);
