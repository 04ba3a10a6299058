"""Per-chat game settings (`/guess settings`): what they are, how they read, changing them.

A chat without stored settings plays with the fallback the service passes: the
options table's defaults, everyone may start games and submit, and every vote counts. Only an admin
changes settings (one option or several at once); anyone may read them. The rules
they set are enforced in `permissions` and `reports`, so every front end obeys them.

Public API: `ChatSettings`, `settings_of`, `change_settings`,
`SETTING_NAMES`, `ANY`, `EVERYONE`, `ADMINS`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.services.actor import Actor
from bot.services.games.models import Chat
from bot.services.games.permissions import require_settings_admin
from bot.store import ChatSettingsRow, Store

EVERYONE, ADMINS = "everyone", "admins"
STARTERS: tuple[str, ...] = (EVERYONE, ADMINS)
ANY = "any"  # a minimum of "any": no minimum
# `/guess settings` option -> ChatSettings field; the options are declared in `options`.
SETTING_NAMES: dict[str, str] = {
    "default_items": "default_items",
    "default_minutes": "default_minutes",
    "starters": "starters",
    "submissions": "submissions_allowed",
    "min_experience": "min_experience",
    "min_role": "min_role",
}


@dataclass(frozen=True)
class ChatSettings:
    """A chat's settings. Items are melodies per game; minutes until a game closes.

    `min_experience`/`min_role`: the least profile whose votes count in the results
    (None: every vote counts).
    """

    default_items: int
    default_minutes: int
    starters: str = EVERYONE
    submissions_allowed: bool = True
    min_experience: str | None = None
    min_role: str | None = None

    @property
    def has_minimum(self) -> bool:
        return self.min_experience is not None or self.min_role is not None

    def minimum_text(self) -> str:
        """'experience ≥ 1-3y and role ≥ producer', or 'none' without a minimum."""
        parts = [
            f"{name} ≥ {value}"
            for name, value in (("experience", self.min_experience), ("role", self.min_role))
            if value is not None
        ]
        return " and ".join(parts) or "none (every vote counts)"

    def text(self) -> str:
        """Every setting, one per line, in the options' own spelling (so it can be typed)."""
        return "\n".join(
            [
                "Game settings of this chat:",
                f"  default_items: {self.default_items}",
                f"  default_minutes: {self.default_minutes}",
                f"  starters: {self.starters} (who may start games)",
                f"  submissions: {'on' if self.submissions_allowed else 'off'}",
                f"  min_experience: {self.min_experience or ANY}",
                f"  min_role: {self.min_role or ANY}",
                f"Minimum profile for a vote to count in the results: {self.minimum_text()}.",
                "An admin changes them, e.g. /guess settings starters:admins min_role:producer",
            ]
        )


async def settings_of(store: Store, chat: Chat, fallback: ChatSettings) -> ChatSettings:
    """The chat's stored settings, or `fallback` (the defaults) when none were stored."""
    row = await store.chat_settings.get(chat.platform, chat.id)
    if row is None:
        return fallback
    return ChatSettings(
        row.default_items,
        row.default_minutes,
        row.starters,
        row.submissions_allowed,
        row.min_experience,
        row.min_role,
    )


async def change_settings(
    store: Store,
    now: datetime,
    chat: Chat,
    actor: Actor,
    changes: Mapping[str, object],
    fallback: ChatSettings,
) -> str:
    """Show the settings (no changes given) or change them (admins only); the reply text.

    `changes` maps option names of SETTING_NAMES to values checked by the options table;
    None means "not given". A minimum of `any` removes that minimum.
    """
    current = await settings_of(store, chat, fallback)
    given = {name: value for name, value in changes.items() if value is not None}
    if not given:
        return current.text()
    require_settings_admin(actor)
    # The options table checked every value's type and range (see `options`).
    fields: dict[str, Any] = {
        SETTING_NAMES[name]: (None if value == ANY else value) for name, value in given.items()
    }
    updated = dataclasses.replace(current, **fields)
    await store.chat_settings.put(
        ChatSettingsRow(
            platform=chat.platform,
            chat=chat.id,
            default_items=updated.default_items,
            default_minutes=updated.default_minutes,
            starters=updated.starters,
            submissions_allowed=updated.submissions_allowed,
            min_experience=updated.min_experience,
            min_role=updated.min_role,
            updated_by=actor.id,
            updated_at=now,
        )
    )
    return "Settings saved.\n" + updated.text()
