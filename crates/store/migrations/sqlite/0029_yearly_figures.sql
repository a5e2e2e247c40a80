-- Figures for steering at 500,000 households: a long period reads whole years from a yearly roll-up and
-- only its edge months from the monthly counters. Phase durations are read from the transitions, which
-- hold them with where each case went, so the separate phase_days counter goes.
DELETE FROM stats_flows WHERE metric = 'phase_days';
CREATE TABLE stats_flows_yearly (
    region_id BLOB NOT NULL,
    municipality_id BLOB NOT NULL,
    year TEXT NOT NULL,
    metric TEXT NOT NULL,
    key TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (region_id, municipality_id, year, metric, key)
) WITHOUT ROWID;
INSERT INTO stats_flows_yearly (region_id, municipality_id, year, metric, key, n)
SELECT region_id, municipality_id, substr(month, 1, 4) || '-01-01', metric, key, sum(n) FROM stats_flows
GROUP BY region_id, municipality_id, substr(month, 1, 4) || '-01-01', metric, key;
-- One metric per month (the inflow chart, the forecasts' history).
CREATE INDEX stats_flows_metric ON stats_flows (region_id, municipality_id, metric, month);
