-- 006: one secret per chat, the key of the pseudonyms in its exports (HMAC of a member's id),
-- so a member's pseudonym is stable across the chat's games but differs between chats and
-- cannot be turned back into the platform id without the database.

CREATE TABLE chat_secrets (
    platform    TEXT    NOT NULL,
    chat        TEXT    NOT NULL,
    secret      BLOB    NOT NULL,            -- 32 random bytes
    PRIMARY KEY (platform, chat)
);
