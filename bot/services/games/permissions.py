"""Who may do what in a game, decided once, from the actor's role.

Every rule that depends on who is asking lives here, so the console, Discord
and Telegram enforce the same ones. Each check raises `NotPermitted` with one
line saying who may.
"""

from __future__ import annotations

from bot.errors import NotPermitted
from bot.services.actor import Actor
from bot.store import GameRow


def require_closer(game: GameRow, actor: Actor, starter_name: str, closes_at: str) -> None:
    """Only the game's starter or an admin may close a game early."""
    if actor.id != game.creator and not actor.is_admin:
        raise NotPermitted(
            f"Only the game's starter ({starter_name}) or an admin can close it early. "
            f"It closes by itself at {closes_at}."
        )


def require_exporter(latest: GameRow | None, actor: Actor) -> None:
    """Votes carry members' names: an admin, or the starter of the chat's latest game."""
    if not actor.is_admin and (latest is None or latest.creator != actor.id):
        raise NotPermitted(
            "Only an admin or the starter of this chat's latest game can export the votes."
        )


def require_moderator(actor: Actor) -> None:
    """Submissions enter the chat's games only with an admin's approval."""
    if not actor.is_admin:
        raise NotPermitted("Only an admin can approve submissions.")
