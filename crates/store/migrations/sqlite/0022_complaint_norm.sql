-- The family's complaint against an organisation's decision (issue 14): the weeks the organisation has to
-- decide on it under its complaint regulation, a region norm (default six, the Awb art. 9:11 term).
INSERT INTO norms (name, value) VALUES ('complaint_weeks', 6);
