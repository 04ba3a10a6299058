"""The Discord client: its dependencies come in through the constructor.

As in discord.py's `examples/advanced_startup.py`, the services (pool, store, games)
are built and owned by the launcher and handed in; `setup_hook` registers the
commands, the persistent buttons and the games' close listener, then syncs the
commands (to one guild when `guild_id` is set, instantly, for development).
Only the non-privileged `guilds` intent is asked for: interactions need no more.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.frontends.discord.game_commands import GAME_DYNAMIC_ITEMS, GameAdapter, guess_group
from bot.frontends.discord.help_command import help_command
from bot.frontends.discord.intake import Intake
from bot.frontends.discord.melody_buttons import DYNAMIC_ITEMS
from bot.frontends.discord.melody_command import melody_command
from bot.frontends.discord.melody_flow import compose_and_post
from bot.frontends.discord.replies import send_error
from bot.frontends.discord.seams import melody_bot
from engine.params.melody import MelodyParams

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)


class MelodyTree(app_commands.CommandTree):
    """A command tree whose uncaught errors become the one-line ephemeral answer."""

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        # Every command passes the intake, so shutdown can wait for the ones in hand.
        return await melody_bot(interaction).intake.admit(interaction)

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        await send_error(interaction, cause)


class MelodyBot(discord.AutoShardedClient):
    """melodybot on Discord: /melody, /guess …, /help and their buttons.

    Sharded always (right for one shard too): `shard_count` None asks Discord how many;
    `shard_ids` are this process's shards when several processes split them.
    """

    def __init__(
        self,
        services: Services,
        *,
        guild_id: int | None = None,
        shard_ids: list[int] | None = None,
        shard_count: int | None = None,
    ) -> None:
        # The bot never joins voice, so the start-up warnings about voice libraries are noise.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            intents=discord.Intents(guilds=True),
            shard_count=shard_count,
            # None (all shards) is discord.py's own default, though its hint says list[int].
            shard_ids=shard_ids,  # type: ignore[arg-type]
        )
        self.services = services
        self.guild_id = guild_id
        self.intake = Intake()
        self.tree = MelodyTree(self)
        self.games = GameAdapter(self, services)

    async def setup_hook(self) -> None:
        self.tree.add_command(melody_command())
        self.tree.add_command(guess_group(self.games))
        self.tree.add_command(help_command(self.tree))
        self.add_dynamic_items(*DYNAMIC_ITEMS, *GAME_DYNAMIC_ITEMS)
        self.games.listen()
        if self.guild_id is not None:
            guild = discord.Object(id=self.guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to guild %s", len(synced), self.guild_id)
        else:
            synced = await self.tree.sync()
            log.info("synced %d global commands", len(synced))

    async def post_melody(
        self, interaction: discord.Interaction, params: MelodyParams, variation: int = 0
    ) -> None:
        """Compose `params` (validated) and post the result as the interaction's follow-up."""
        await compose_and_post(self.services, interaction, params, variation)

    async def on_ready(self) -> None:
        log.info("connected to Discord as %s (id %s)", self.user, self.user and self.user.id)
