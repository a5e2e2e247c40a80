-- Need-to-know (F19): which organisation registered a household (its ground to work in the file until a
-- case is opened), and the region's setting that lets a team cover for its members.
ALTER TABLE households ADD COLUMN registered_by UUID REFERENCES organisations(id);
CREATE INDEX households_registered_by ON households (registered_by) WHERE registered_by IS NOT NULL;
INSERT INTO norms (name, value) VALUES ('team_access', 1);

-- Keys every server of a deployment shares, made on first use (the sign-in form's CSRF MAC key).
CREATE TABLE server_keys (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
