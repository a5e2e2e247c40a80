-- How a family reaches a team (issue 12): its phone and e-mail, shown in the portal when the contact person
-- gave none of their own. Both may be empty.
ALTER TABLE teams ADD COLUMN phone TEXT;
ALTER TABLE teams ADD COLUMN email TEXT;
