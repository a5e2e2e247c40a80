-- The counters gain the client journeys (F24): each case's tally now keeps its journey, and phase changes
-- are counted as transitions. Counting again from the case and signal events is the one way to have them
-- for the history too: the tallies and counters are emptied here, and `migrate` recounts them once.
UPDATE cases SET tally = NULL;
DELETE FROM stats_flows;
DELETE FROM stats_stocks;
DELETE FROM job_runs WHERE name = 'stats_backfill';
