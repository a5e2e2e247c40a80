-- Retention and destruction of files (issue 14, F21). What remains of a destroyed file: when, under which
-- rule, and how many records of each kind, without any personal data or identifier of the household. And
-- the daily jobs' runs, so that of several servers exactly one runs a job on a day.
CREATE TABLE destructions (
    id BLOB PRIMARY KEY,
    at TEXT NOT NULL,
    rule TEXT NOT NULL,
    records TEXT NOT NULL
);
CREATE INDEX destructions_at ON destructions (at);
CREATE TABLE job_runs (
    name TEXT NOT NULL,
    day TEXT NOT NULL,
    PRIMARY KEY (name, day)
);
