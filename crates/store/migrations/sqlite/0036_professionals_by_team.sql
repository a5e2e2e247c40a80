-- Need-to-know reads the actor's team on every request (the team cover): by index, not by a scan of the
-- region's whole staff.
CREATE INDEX professionals_team ON professionals (team_id);
