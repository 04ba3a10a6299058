-- 005: melody fingerprints, so a melody the bot composed (or one already submitted) can never
-- enter a game as human. A melody's fingerprint is the set of hashes of its runs of
-- consecutive (pitch interval, duration ratio) steps: the same under transposition and tempo.

CREATE TABLE melody_fingerprints (
    melody_id   INTEGER NOT NULL REFERENCES melodies (id) ON DELETE CASCADE,
    gram        INTEGER NOT NULL,            -- 64-bit hash of one run of steps
    PRIMARY KEY (melody_id, gram)
);
CREATE INDEX melody_fingerprints_by_gram ON melody_fingerprints (gram);
