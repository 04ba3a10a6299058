"""`/guess …`: the game subcommands, derived from the games service's action table.

Each subcommand is one `GuessAction` of `bot.services.game_options.GUESS_ACTIONS`:
its name, its description (the action's help) and its options (typed, described,
ranged like /melody's, from `GAME_OPTIONS`). Values are validated by that schema,
required ones checked by the service's own rule, defaults filled, and the handler
in `GameAdapter` called. Votes are the game message's buttons, not a subcommand.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from bot.frontends.discord.game_adapter import GameAdapter
from bot.frontends.discord.game_views import GAME_DYNAMIC_ITEMS
from bot.frontends.discord.options import as_pairs, with_schema_options
from bot.frontends.discord.replies import send_error
from bot.services.games.options import GUESS_ACTIONS, GuessAction, require_options, schema_for
from engine.errors import ParamError
from engine.human.submission import MAX_BYTES

__all__ = ["DISCORD_ACTIONS", "GAME_DYNAMIC_ITEMS", "GameAdapter", "guess_group"]

Handler = Callable[..., Awaitable[None]]
Completer = Callable[..., Awaitable[list[Any]]]
# The subcommands' callbacks get their signatures from the schema at run time, so they are
# typed loosely here; discord.py checks the real signature when the command is built.
AnyCommand = app_commands.Command[Any, ..., Any]
# Votes are cast with the AI / Human buttons of the game message (see game_views).
BUTTON_ACTIONS = ("vote",)
DISCORD_ACTIONS: tuple[GuessAction, ...] = tuple(
    a for a in GUESS_ACTIONS if a.name not in BUTTON_ACTIONS
)
# Discord option name -> handler keyword, where they differ.
HANDLER_NAMES = {"min": "min_judgements"}


def _schema_command(
    action: GuessAction, handler: Handler, autocomplete: dict[str, Completer] | None = None
) -> AnyCommand:
    """A subcommand whose options are `schema_for(action.name)`; values validated by it.

    `autocomplete` maps option names to completers `(interaction, typed) -> choices`.
    """
    schema = schema_for(action.name)

    async def callback(interaction: discord.Interaction, **options: Any) -> None:
        try:
            given = schema.validate(as_pairs(options))
            require_options(action.name, given)
        except ParamError as error:  # its text is the answer; anything else is a bug
            await send_error(interaction, error)
            return
        values = {HANDLER_NAMES.get(p.name, p.name): given.get(p.name, p.default) for p in schema}
        await handler(interaction, **values)

    typed: Any = with_schema_options(callback, schema, required=action.required)
    for option, completer in (autocomplete or {}).items():
        complete: Any = _completing(completer)  # its signature is discord.py's to check
        typed = app_commands.autocomplete(**{option: complete})(typed)
    return app_commands.Command(name=slash_name(action), description=action.help, callback=typed)


def slash_name(action: GuessAction) -> str:
    """Discord's spelling of an action: slash command names read best with hyphens (forget-me)."""
    return action.name.replace("_", "-")


def _completing(completer: Completer) -> Completer:
    """discord.py hands over what was typed as sent (a number option may send an int)."""

    async def complete(interaction: discord.Interaction, current: Any) -> list[Any]:
        return await completer(interaction, "" if current is None else str(current))

    return complete


def _file_command(action: GuessAction, handler: Handler) -> AnyCommand:
    """A subcommand that takes one attachment (the member's MIDI file) and the action's
    options (the authorship statement), validated by `schema_for(action.name)`."""
    schema = schema_for(action.name)

    async def callback(
        interaction: discord.Interaction, file: discord.Attachment, **options: Any
    ) -> None:
        try:
            given = schema.validate(as_pairs(options))
            require_options(action.name, given)
        except ParamError as error:
            await send_error(interaction, error)
            return
        await handler(interaction, file, **{p.name: given.get(p.name, p.default) for p in schema})

    typed: Any = with_schema_options(callback, schema, required=action.required)
    # The table gave the options; the attachment goes first, right after the interaction.
    first, *rest = inspect.signature(typed).parameters.values()
    attachment = inspect.Parameter(
        "file", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Attachment
    )
    typed.__signature__ = inspect.Signature([first, attachment, *rest])
    typed = app_commands.describe(
        file=f"Your melody as a MIDI file (.mid), at most {MAX_BYTES // 1024} KB."
    )(typed)
    return app_commands.Command(name=slash_name(action), description=action.help, callback=typed)


def guess_group(adapter: GameAdapter) -> app_commands.Group:
    """The `/guess` group with a subcommand per action of `DISCORD_ACTIONS`.

    `GameAdapter` has one handler per action, named as the action (`adapter.forget_me`).
    """
    completers: dict[str, dict[str, Completer]] = {
        "approve": {"submission": adapter.pending_choices}
    }
    group = app_commands.Group(name="guess", description="“AI or human?” listening games.")
    for action in DISCORD_ACTIONS:
        handler = getattr(adapter, action.name)
        group.add_command(
            _file_command(action, handler)
            if action.takes_file
            else _schema_command(action, handler, completers.get(action.name))
        )
    return group
