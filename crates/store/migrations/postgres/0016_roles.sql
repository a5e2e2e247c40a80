-- A professional's tasks beyond casework (issue 12): besides reviewing emergency accesses (issue 11), an
-- organisation's functional administrator resets a colleague's password. One table for both; the reviewers
-- appointed so far keep their role.
CREATE TABLE professional_roles (
    professional_id UUID NOT NULL REFERENCES professionals(id),
    role TEXT NOT NULL,
    PRIMARY KEY (professional_id, role)
);
INSERT INTO professional_roles (professional_id, role) SELECT professional_id, 'reviewer' FROM reviewers;
DROP TABLE reviewers;
