-- 008: the data a listening study needs. Portable SQL (SQLite and PostgreSQL alike):
-- TEXT/INTEGER/REAL columns, booleans as INTEGER 0/1, no engine-specific functions.

-- The submitter's statement of authorship: 'own' (they wrote it) or 'public_domain' with
-- its source. Kept with the melody, like its title and submitter, so the reveal shows it.
-- NULL for AI melodies, the bundled human pool and submissions made before this migration.
ALTER TABLE melodies ADD COLUMN authorship TEXT
    CHECK (authorship IS NULL OR authorship IN ('own', 'public_domain'));
ALTER TABLE melodies ADD COLUMN authorship_source TEXT;

-- Per vote: where its item was shown in the game (1 = first), seconds from the game being
-- posted to the member's first vote on the item, and how often the member changed that vote.
-- NULL for votes cast before this migration (not known then).
ALTER TABLE votes ADD COLUMN shown_position INTEGER;
ALTER TABLE votes ADD COLUMN first_vote_seconds REAL;
ALTER TABLE votes ADD COLUMN changes INTEGER NOT NULL DEFAULT 0;

-- A member's answer to the optional one-time question (/guess profile). Deleted by forget-me.
CREATE TABLE member_profiles (
    member      TEXT    PRIMARY KEY,         -- platform-qualified member id
    experience  TEXT    NOT NULL CHECK (experience IN ('none', 'hobby', '1-3y', '3y+')),
    role        TEXT    NOT NULL CHECK (role IN ('listener', 'musician', 'producer')),
    updated_at  TEXT    NOT NULL
);

-- Per-chat game settings (/guess settings, admins only). A chat without a row uses the
-- defaults declared in bot/services/games/options.py.
CREATE TABLE chat_settings (
    platform        TEXT    NOT NULL,
    chat            TEXT    NOT NULL,
    default_items   INTEGER NOT NULL,
    default_minutes INTEGER NOT NULL,
    starters        TEXT    NOT NULL CHECK (starters IN ('everyone', 'admins')),
    submissions     INTEGER NOT NULL CHECK (submissions IN (0, 1)),
    min_experience  TEXT    CHECK (min_experience IS NULL
                                   OR min_experience IN ('none', 'hobby', '1-3y', '3y+')),
    min_role        TEXT    CHECK (min_role IS NULL
                                   OR min_role IN ('listener', 'musician', 'producer')),
    updated_by      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    PRIMARY KEY (platform, chat)
);
