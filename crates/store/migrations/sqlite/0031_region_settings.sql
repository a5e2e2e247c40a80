-- Several pilot regions in one deployment (F26): each region keeps its own norms, route variant and
-- catalogue of help kinds. The deployment-wide tables `norms` and `help_kinds` stay as the template a
-- new region starts from; the regions that exist start from what they had.
CREATE TABLE region_norms (
    region_id BLOB NOT NULL REFERENCES regions(id),
    name TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (region_id, name)
);
INSERT INTO region_norms (region_id, name, value) SELECT r.id, n.name, n.value FROM regions r CROSS JOIN norms n;

CREATE TABLE region_help_kinds (
    region_id BLOB NOT NULL REFERENCES regions(id),
    code TEXT NOT NULL,
    name_nl TEXT NOT NULL,
    waiting_norm_days INTEGER NOT NULL,
    PRIMARY KEY (region_id, code)
);
INSERT INTO region_help_kinds (region_id, code, name_nl, waiting_norm_days)
    SELECT r.id, h.code, h.name_nl, h.waiting_norm_days FROM regions r CROSS JOIN help_kinds h;
