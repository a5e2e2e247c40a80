-- What destroying a household's file (retention, F21: `Store::destroy_households`) looks up by household or
-- by the household's cases, indexed: its signals (by the signal's own household as well as through
-- signal_subjects), its meldcode walks, and the webhook notifications about its cases and signals (kept
-- after delivery, so as many as the region's events while a subscription lasts). Each was a scan of the
-- whole table for every household destroyed: on the 1M SQLite file the signals' alone 130–430 ms a
-- household (400,000 signals), under 1 ms with the index (docs/performance.md).
CREATE INDEX signals_by_household ON signals (household_id) WHERE household_id IS NOT NULL;
CREATE INDEX meldcode_records_by_household ON meldcode_records (household_id) WHERE household_id IS NOT NULL;
CREATE INDEX webhook_outbox_resource ON webhook_outbox (resource_id);
