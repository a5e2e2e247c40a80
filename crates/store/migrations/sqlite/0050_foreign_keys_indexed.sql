-- Deleting a household or a person (retention, F21: `Store::destroy_household`) makes the database check
-- every foreign key that points to the row, and with no index on the pointing column that check reads the
-- whole table: a person's deletion read all of `case_events` (ten million events at a million households)
-- for `by_person_id`, and `persons` for `merged_into`. On the 1M SQLite file destroying one household of four
-- persons took 6.7 s (1.4–1.5 s for each person, 0.24–0.34 s for each look-up of the records merged into
-- them); with these indexes 1.1 ms (docs/performance.md). Partial where the column is mostly empty.
CREATE INDEX case_events_by_person ON case_events (by_person_id) WHERE by_person_id IS NOT NULL;
CREATE INDEX persons_merged_into ON persons (merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX case_tasks_household ON case_tasks (household_id);
CREATE INDEX consents_person ON consents (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX family_contributions_person ON family_contributions (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX justice_tracks_person ON justice_tracks (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX parental_authority_child ON parental_authority (child_id) WHERE child_id IS NOT NULL;
