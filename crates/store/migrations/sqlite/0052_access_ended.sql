-- A professional who leaves their organisation loses their access (BIO 9.2.6, AVG art. 32): the functional
-- administrator or the operator ends it once their work is handed over. The record stays, with when and by
-- whom (none: the operator), because timelines, the processing log and earlier decisions name them.
ALTER TABLE professionals ADD COLUMN ended_at TEXT;
ALTER TABLE professionals ADD COLUMN ended_by BLOB REFERENCES professionals(id);
