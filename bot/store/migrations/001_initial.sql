-- 001: melodies, games, their items, votes and member submissions.
-- Every time is UTC, written as ISO 8601 text with its +00:00 offset.

CREATE TABLE melodies (
    id          INTEGER PRIMARY KEY,
    source      TEXT    NOT NULL CHECK (source IN ('ai', 'human')),
    params      TEXT    NOT NULL,            -- MelodyParams as JSON
    seed        INTEGER,                     -- AI melodies: the seed that replays them
    title       TEXT,
    collection  TEXT,
    submitter   TEXT,                        -- platform-qualified member id, for submissions
    midi        BLOB    NOT NULL,
    created_at  TEXT    NOT NULL
);

CREATE TABLE games (
    id          INTEGER PRIMARY KEY,
    platform    TEXT    NOT NULL,
    chat        TEXT    NOT NULL,
    creator     TEXT    NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    opened_at   TEXT    NOT NULL,
    closes_at   TEXT    NOT NULL,
    closed_at   TEXT,
    closed_by   TEXT                         -- member id, or 'timer'
);
-- One open game per chat, enforced by the database itself.
CREATE UNIQUE INDEX games_one_open_per_chat ON games (platform, chat) WHERE status = 'open';
CREATE INDEX games_by_chat ON games (platform, chat, id);

CREATE TABLE game_items (
    id          INTEGER PRIMARY KEY,
    game_id     INTEGER NOT NULL REFERENCES games (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    letter      TEXT    NOT NULL,
    melody_id   INTEGER NOT NULL REFERENCES melodies (id),
    UNIQUE (game_id, position),
    UNIQUE (game_id, letter)
);

CREATE TABLE votes (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES game_items (id) ON DELETE CASCADE,
    voter       TEXT    NOT NULL,
    guess       TEXT    NOT NULL CHECK (guess IN ('ai', 'human')),
    confidence  INTEGER CHECK (confidence BETWEEN 1 AND 5),
    quality     INTEGER CHECK (quality BETWEEN 1 AND 5),
    voted_at    TEXT    NOT NULL,
    UNIQUE (item_id, voter)
);
CREATE INDEX votes_by_voter ON votes (voter);

CREATE TABLE submissions (
    id           INTEGER PRIMARY KEY,
    platform     TEXT    NOT NULL,
    chat         TEXT    NOT NULL,
    submitter    TEXT    NOT NULL,
    filename     TEXT,
    melody_id    INTEGER NOT NULL REFERENCES melodies (id),
    state        TEXT    NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'approved', 'rejected')),
    submitted_at TEXT    NOT NULL,
    reviewed_at  TEXT,
    reviewed_by  TEXT
);
CREATE INDEX submissions_by_chat ON submissions (platform, chat, state);
