-- 002: members' display names, so reveals and leaderboards show names rather than ids.
-- A row is written (or refreshed) whenever a member starts a game, votes or submits,
-- and deleted when the member asks to be forgotten.

CREATE TABLE members (
    id          TEXT    PRIMARY KEY,         -- platform-qualified: 'discord:123', 'telegram:456'
    name        TEXT    NOT NULL,            -- the name the platform showed last time
    updated_at  TEXT    NOT NULL
);
