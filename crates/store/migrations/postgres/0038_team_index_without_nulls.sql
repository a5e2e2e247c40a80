-- The team cover's look-up (a professional's teammates, read on every request) by an index of only the
-- professionals who are in a team. With every professional in it, SQLite's statistics counted the ones
-- without a team as one large group and planned a scan of the whole staff for anyone without a team (302
-- rows on each request in a generated region of 100,000 households, thousands at a million). A team
-- member's `team_id = …` implies `team_id IS NOT NULL`, so both databases use this index for it.
DROP INDEX professionals_team;
CREATE INDEX professionals_team ON professionals (team_id) WHERE team_id IS NOT NULL;
