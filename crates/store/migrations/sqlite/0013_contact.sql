-- How a family reaches its contact person (issue 12): a professional's work phone and e-mail, shown in the
-- portal. Both may be empty; the portal then points to the organisation's general number.
ALTER TABLE professionals ADD COLUMN phone TEXT;
ALTER TABLE professionals ADD COLUMN email TEXT;
