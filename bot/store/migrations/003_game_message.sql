-- 003: where a game's message was posted, so its buttons can be taken off at closing even
-- after a restart. Platform-specific text, e.g. Discord's '<channel id>:<message id>'.

ALTER TABLE games ADD COLUMN message TEXT;
