"""`/guess …`: the game subcommands, with options derived from `GAME_OPTIONS`.

Each subcommand's options come from `bot.services.game_options.schema_for(name)`
(typed, described, ranged like /melody's); values are validated by that schema,
defaults filled from it, and the handler in `GameAdapter` called.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from bot.discord.game_adapter import GameAdapter
from bot.discord.game_views import GAME_DYNAMIC_ITEMS
from bot.discord.options import as_pairs, with_schema_options
from bot.discord.replies import send_error
from bot.services.game_options import REQUIRED, schema_for
from engine.params import ParamError

__all__ = ["GAME_DYNAMIC_ITEMS", "GameAdapter", "guess_group"]

Handler = Callable[..., Awaitable[None]]
Completer = Callable[..., Awaitable[list]]
DESCRIPTIONS = {
    "start": "Start an “AI or human?” listening game in this channel.",
    "close": "Close the game now and reveal the answers (starter or Manage Server).",
    "results": "The study table of the latest game, or of all games in this channel.",
    "leaderboard": "Who tells AI from human best in this channel.",
    "submit": "Submit a melody you wrote (MIDI file) for future games.",
    "approve": "Let a submitted melody into the games (Manage Server); alone, list them.",
    "export": "All votes of this channel's closed games as CSV (starter or Manage Server).",
    "forget-me": "Delete your votes and submissions.",
}
# Discord option name -> handler keyword, where they differ.
HANDLER_NAMES = {"min": "min_judgements"}


def _schema_command(name: str, handler: Handler,
                    autocomplete: dict[str, Completer] | None = None) -> app_commands.Command:
    """A subcommand whose options are `schema_for(name)`; values validated by that schema.

    `autocomplete` maps option names to completers `(interaction, typed) -> choices`.
    """
    schema = schema_for(name)

    async def callback(interaction: discord.Interaction, **options: Any) -> None:
        try:
            given = schema.validate(as_pairs(options))
            missing = [n for n in REQUIRED.get(name, ()) if n not in given]
            if missing:
                wanted = " and ".join(f"{n}:" for n in missing)
                raise ParamError(f"/guess {name} needs {wanted}.", name)
        except Exception as error:  # a ParamError's text is the answer
            await send_error(interaction, error)
            return
        values = {HANDLER_NAMES.get(p.name, p.name): given.get(p.name, p.default)
                  for p in schema}
        await handler(interaction, **values)

    callback = with_schema_options(callback, schema, required=REQUIRED.get(name, ()))
    for option, completer in (autocomplete or {}).items():
        callback = app_commands.autocomplete(**{option: _completing(completer)})(callback)
    return app_commands.Command(name=name, description=DESCRIPTIONS[name], callback=callback)


def _completing(completer: Completer) -> Completer:
    """discord.py hands over what was typed as sent (a number option may send an int)."""
    async def complete(interaction: discord.Interaction, current: Any) -> list:
        return await completer(interaction, "" if current is None else str(current))
    return complete


def _submit_command(adapter: GameAdapter) -> app_commands.Command:
    @app_commands.describe(file="Your melody as a MIDI file (.mid), at most 256 KB.")
    async def submit(interaction: discord.Interaction, file: discord.Attachment) -> None:
        await adapter.submit(interaction, file)

    return app_commands.Command(name="submit", description=DESCRIPTIONS["submit"],
                                callback=submit)


def _plain_command(name: str, handler: Handler) -> app_commands.Command:
    async def callback(interaction: discord.Interaction) -> None:
        await handler(interaction)

    return app_commands.Command(name=name, description=DESCRIPTIONS[name], callback=callback)


def guess_group(adapter: GameAdapter) -> app_commands.Group:
    """The `/guess` group with every subcommand."""
    group = app_commands.Group(name="guess", description="“AI or human?” listening games.")
    for command in (
        _schema_command("start", adapter.start),
        _schema_command("close", adapter.close),
        _schema_command("results", adapter.results),
        _schema_command("leaderboard", adapter.leaderboard),
        _submit_command(adapter),
        _schema_command("approve", adapter.approve,
                        autocomplete={"submission": adapter.pending_choices}),
        _schema_command("export", adapter.export),
        _plain_command("forget-me", adapter.forget_me),
    ):
        group.add_command(command)
    return group
