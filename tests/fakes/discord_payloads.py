"""Discord API payloads for the loopback fake: constants, what it records, what it sends.

Pure data, no server: user and member objects, interaction payloads as Discord sends them
in INTERACTION_CREATE, and the records of requests the bot made (`RecordedRequest`) grouped
per interaction (`SentInteraction`). Numbers are Discord API numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

BOT_USER_ID = 1_000_000_000_000_001
APPLICATION_ID = 1_000_000_000_000_002
GUILD_ID = 1_000_000_000_000_003
CHANNEL_ID = 1_000_000_000_000_004
HEARTBEAT_INTERVAL_MS = 41_250
EPHEMERAL_FLAG = 1 << 6
MANAGE_GUILD = 1 << 5
# View channel, send messages, embed links, attach files, read history, use app commands.
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16) | (1 << 31)
DEFAULT_ATTACHMENT_LIMIT = 10 * 1024 * 1024  # bytes, a server without boosts

# Interaction types and callback types (Discord API numbers).
APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE = 2, 3, 4
CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 4, 5, 6, 7
AUTOCOMPLETE_RESULT = 8
BUTTON, STRING_SELECT = 2, 3
# Application command option types.
OPTION_SUB_COMMAND, OPTION_STRING, OPTION_INTEGER, OPTION_BOOLEAN = 1, 3, 4, 5
OPTION_NUMBER, OPTION_ATTACHMENT = 10, 11


def now_iso() -> str:
    """The current UTC time as Discord writes timestamps."""
    return dt.datetime.now(dt.UTC).isoformat()


def user(user_id: int, name: str, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
        "bot": bot,
    }


def bot_user() -> dict[str, Any]:
    return user(BOT_USER_ID, "melodybot", bot=True)


def member(user_id: int, name: str, manage_guild: bool = False) -> dict[str, Any]:
    """A guild member payload; `manage_guild` grants Manage Server."""
    permissions = MEMBER_PERMISSIONS | (MANAGE_GUILD if manage_guild else 0)
    return {
        "user": user(user_id, name),
        "roles": [],
        "joined_at": now_iso(),
        "deaf": False,
        "mute": False,
        "flags": 0,
        "permissions": str(permissions),
    }


def command_option(name: str, value: Any) -> dict[str, Any]:
    """A typed slash-command option as Discord sends it."""
    kind = {bool: OPTION_BOOLEAN, int: OPTION_INTEGER, float: OPTION_NUMBER}.get(
        type(value), OPTION_STRING
    )
    return {"name": name, "type": kind, "value": value}


def interaction_payload(
    ids: Iterator[int],
    kind: int,
    data: dict[str, Any],
    who: dict[str, Any] | None,
    message: dict[str, Any] | None,
    attachment_size_limit: int,
) -> dict[str, Any]:
    """An INTERACTION_CREATE payload in the fake guild's text channel.

    `who` is a `member(...)` (default: a member called ann); `message` the message whose
    component was used; `attachment_size_limit` is in bytes.
    """
    payload = {
        "id": str(next(ids)),
        "application_id": str(APPLICATION_ID),
        "type": kind,
        "data": data,
        "guild_id": str(GUILD_ID),
        "channel_id": str(CHANNEL_ID),
        "channel": {
            "id": str(CHANNEL_ID),
            "type": 0,
            "guild_id": str(GUILD_ID),
            "name": "general",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
        },
        "member": who or member(2_000, "ann"),
        "token": f"token-{next(ids)}",
        "version": 1,
        "app_permissions": str(MEMBER_PERMISSIONS),
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "context": 0,
        "authorizing_integration_owners": {"0": str(GUILD_ID)},
        "attachment_size_limit": attachment_size_limit,
    }
    if message is not None:
        payload["message"] = message
    return payload


@dataclass
class RecordedFile:
    """One uploaded file of a multipart request."""

    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class RecordedRequest:
    """One REST request as the fake received it; `received_at` is `time.perf_counter()` s."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: list[RecordedFile]
    received_at: float
    authorization: str = ""
    response: Any = None


@dataclass
class SentInteraction:
    """An interaction the fake dispatched; `dispatched_at` is `time.perf_counter()` seconds."""

    id: int
    token: str
    payload: dict[str, Any]
    dispatched_at: float
    requests: list[RecordedRequest] = field(default_factory=list)

    @property
    def callback(self) -> RecordedRequest | None:
        """The interaction callback (ack), if it arrived."""
        return next((r for r in self.requests if r.path.endswith("/callback")), None)

    @property
    def followups(self) -> list[RecordedRequest]:
        """Follow-up messages (webhook POSTs), in order."""
        return [r for r in self.requests if r.method == "POST" and r.path.startswith("/webhooks/")]

    @property
    def edits(self) -> list[RecordedRequest]:
        """Edits of the original response or of follow-ups, in order."""
        return [r for r in self.requests if r.method == "PATCH"]
