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


def require_game_exporter(game: GameRow, actor: Actor, *, names: bool) -> None:
    """A game's votes: its starter or an admin; members' names (`names:on`) only for an admin."""
    _require_names(actor, names=names)
    if actor.id != game.creator and not actor.is_admin:
        raise NotPermitted(f"Only the starter of game {game.id} or an admin can export its votes.")


def require_chat_exporter(actor: Actor, *, names: bool) -> None:
    """The votes of every game of the chat: admins only."""
    _require_names(actor, names=names)
    if not actor.is_admin:
        raise NotPermitted(
            "Only an admin can export the votes of every game here; the starter of the "
            "latest game can export that game (scope:game)."
        )


def _require_names(actor: Actor, *, names: bool) -> None:
    if names and not actor.is_admin:
        raise NotPermitted("Only an admin can export members' names (names:on).")


def require_settings_admin(actor: Actor) -> None:
    """A chat's game settings are changed by its admins; anyone may read them."""
    if not actor.is_admin:
        raise NotPermitted("Only an admin can change this chat's game settings.")


def require_starter(actor: Actor, *, admins_only: bool) -> None:
    """Who may start a game: everyone, or admins when the chat's settings say `starters:admins`."""
    if admins_only and not actor.is_admin:
        raise NotPermitted(
            "Only an admin can start games in this chat (its settings say starters:admins)."
        )


def require_submissions_open(*, allowed: bool) -> None:
    """Submissions are taken unless the chat's settings say `submissions:off`."""
    if not allowed:
        raise NotPermitted(
            "This chat takes no submissions (its settings say submissions:off); ask an admin."
        )


def require_moderator(actor: Actor) -> None:
    """Submissions enter the chat's games only with an admin's approval."""
    if not actor.is_admin:
        raise NotPermitted("Only an admin can approve submissions.")
