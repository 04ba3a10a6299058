-- 007: when the platform's refusals of a closed game's reveal (the bot kicked out, a missing
-- permission) were given up on. Such a game is no longer "unannounced": a restart does not
-- try its reveal again, forever.

ALTER TABLE games ADD COLUMN undeliverable_at TEXT;
