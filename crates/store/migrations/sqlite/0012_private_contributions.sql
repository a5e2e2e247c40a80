-- What a household member adds in the portal is theirs and the professionals' to read; the rest of the
-- household reads it only when the writer shares it. What was written before was shown to everyone, so it
-- stays shared.
ALTER TABLE family_contributions ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;
UPDATE family_contributions SET shared = 1;
