-- Figures for steering (issue 15, F22): counters kept up to date as case events and signals are written, so a
-- dashboard reads a few hundred rows instead of the whole log. `stats_flows` counts per month, `stats_stocks`
-- what stands now; both per region and per municipality, where the nil id is the whole region. No row holds
-- a person or a household: only a metric, a key (a phase, a source category, a number of days, a postcode
-- area of four digits, a professional's id for the caseload) and a count. Each case keeps its `tally`: the
-- little it must remember between its events to count them. `municipality_areas` says which municipality a
-- postcode area belongs to.
ALTER TABLE cases ADD COLUMN tally JSONB;
CREATE TABLE municipality_areas (
    region_id UUID NOT NULL REFERENCES regions(id),
    area TEXT NOT NULL,
    municipality_id UUID NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (region_id, area)
);
CREATE TABLE stats_flows (
    region_id UUID NOT NULL,
    municipality_id UUID NOT NULL,
    month DATE NOT NULL,
    metric TEXT NOT NULL,
    key TEXT COLLATE "C" NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (region_id, municipality_id, month, metric, key)
);
CREATE TABLE stats_stocks (
    region_id UUID NOT NULL,
    municipality_id UUID NOT NULL,
    metric TEXT NOT NULL,
    key TEXT COLLATE "C" NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (region_id, municipality_id, metric, key)
);
