-- Reads' processing-log records wait in a staging file beside the database (`<database>-reads`) until the
-- next write moves them into the hash chain (`settle_staged` in src/sql.rs). The database notes the last
-- staged record it took, in the same commit, so that a crash between the database's commit and the staging
-- file's never moves a record twice; and the staging file notes the database it belongs to (`staging`), so
-- that the records of a database deleted or moved aside never land in another.
ALTER TABLE log_chain ADD COLUMN staged INTEGER NOT NULL DEFAULT 0;
ALTER TABLE log_chain ADD COLUMN staging BLOB;
UPDATE log_chain SET staging = randomblob(16);
