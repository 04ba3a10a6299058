-- 004: when a closed game's reveal was posted. A game closed by its timer stays NULL until a
-- front end has posted the reveal, so a reveal lost to a shutdown or a crash (closed in the
-- database, never posted) is posted when that platform's front end comes back.
-- Games closed before this migration count as announced: no flood of old reveals.

ALTER TABLE games ADD COLUMN announced_at TEXT;
UPDATE games SET announced_at = closed_at WHERE status = 'closed';
