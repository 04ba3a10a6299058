"""Games on Discord: each handler turns an interaction into one call on the games service.

Permissions: the service decides who may close (starter or admin), export (starter of the
latest game or admin) and approve (admin); "admin" on Discord means Manage Server. Starting
a game and submitting count against the member's cooldown, as /melody does. Every error is
an ephemeral one-line answer from `bot.errors.user_message`.
"""

from __future__ import annotations

import io
import logging
from dataclasses import replace
from typing import TYPE_CHECKING

import discord

from bot.errors import GameError, UserError
from bot.frontends.discord.game_replies import (
    chart_file,
    game_embed,
    game_files,
    leaderboard_embed,
    results_embed,
    reveal_embed,
    with_voter_count,
)
from bot.frontends.discord.game_views import Ballot, rating_view, vote_view
from bot.frontends.discord.late_reply import follow_up
from bot.frontends.discord.limits import fit_text
from bot.frontends.discord.melody_reply import size_text
from bot.frontends.discord.options import MAX_CHOICES
from bot.frontends.discord.permissions import (
    missing_edit_permissions,
    require_channel_posting,
)
from bot.frontends.discord.replies import (
    actor_of,
    answering,
    chat_id,
    member_id,
    member_name,
    send_error,
)
from bot.services.games.models import pending_text
from bot.services.games.service import Chat
from bot.services.games.submissions import check_declared
from engine.errors import MidiRejected

if TYPE_CHECKING:
    from bot.services import Services
    from bot.services.games.models import Reveal, VoteReceipt
    from bot.services.games.service import GameService, VoteRow

log = logging.getLogger(__name__)
PLATFORM = "discord"
MAX_CHOICE_NAME = 100  # characters, Discord's limit for an autocomplete choice's name
RATE_PROMPT = "How sure are you, and how good does it sound? (optional)"


def rated_text(receipt: VoteReceipt) -> str:
    """'Saved: A is AI, confidence 4, quality 2.' for a vote whose ratings just changed."""
    ratings = [
        f"{name} {value}"
        for name, value in (("confidence", receipt.confidence), ("quality", receipt.quality))
        if value
    ]
    guess = "AI" if receipt.guess == "ai" else "human"
    return f"Saved: {receipt.letter} is {guess}" + "".join(f", {r}" for r in ratings) + "."


def message_ref(message: discord.Message) -> str:
    """How a game message is kept with its game: '<channel id>:<message id>'."""
    return f"{message.channel.id}:{message.id}"


def ballot_of(vote: VoteReceipt | VoteRow) -> Ballot:
    """What a voter's rating selects carry, from a stored vote or a fresh receipt."""
    return Ballot(vote.game_id, vote.letter, vote.guess, vote.confidence or 0, vote.quality or 0)


def chat_of(interaction: discord.Interaction) -> Chat:
    return Chat(PLATFORM, chat_id(interaction))


class GameAdapter:
    """The /guess handlers, the vote and rating components, and the reveal poster."""

    def __init__(self, client: discord.Client, services: Services) -> None:
        self.client = client
        self.services = services

    @property
    def games(self) -> GameService:
        return self.services.games

    def listen(self) -> None:
        """Post reveals of games that close by their timer (also after a restart)."""
        self.games.add_close_listener(PLATFORM, self.post_reveal)

    def stop_listening(self) -> None:
        """Before the client closes: reveals from now on wait for the next start."""
        self.games.remove_close_listener(PLATFORM, self.post_reveal)

    async def post_reveal(self, reveal: Reveal) -> None:
        if self.client.is_closed():
            # Raising keeps the game unannounced, so the next client posts its reveal.
            raise ConnectionError("the Discord client is closed")
        channel = self.client.get_partial_messageable(int(reveal.chat))
        await channel.send(embed=reveal_embed(reveal), file=chart_file(reveal.chart_png))
        await self._retire_game_message(reveal.game_id)

    async def _retire_game_message(self, game_id: int) -> None:
        """Take the vote buttons off a closed game's message (its ids are kept with the game)."""
        where = await self.games.message_of(game_id)
        if where is None:
            return
        channel_id, message_id = (int(part) for part in where.split(":"))
        channel = self.client.get_partial_messageable(channel_id)
        try:
            await channel.get_partial_message(message_id).edit(view=None)
        except discord.HTTPException:
            log.warning("could not remove the buttons of game %s", game_id)

    # ----- /guess subcommands --------------------------------------------------------------
    async def start(
        self, interaction: discord.Interaction, items: int | None, minutes: int | None
    ) -> None:
        await interaction.response.defer(thinking=True)
        async with answering(interaction, replace_thinking=True):
            require_channel_posting(interaction)  # the reveal is posted through the channel
            started = await self.games.start(
                chat_of(interaction), actor_of(interaction), items=items, minutes=minutes
            )
            files = game_files(started)
            limit = interaction.filesize_limit
            too_big = [
                f.filename
                for f, item in zip(files, started.items, strict=True)
                if len(item.rendered.mp3 or b"") > limit
            ]
            if too_big:
                # The items exist only once rendered, so this cannot be checked earlier; a game
                # nobody can hear must not block the channel until its time is up.
                await self.games.close(chat_of(interaction), actor_of(interaction))
                raise UserError(
                    f"{', '.join(too_big)} would exceed this server's upload limit "
                    f"of {size_text(limit)}, so the game was closed unplayed. "
                    "Try again (each game has other melodies) or raise the limit."
                )
            embed = game_embed(started, member_name(interaction))
            try:
                message = await follow_up(
                    interaction,
                    embed=embed,
                    files=files,
                    view=vote_view(started.game_id, [item.letter for item in started.items]),
                )
            except discord.HTTPException as refused:  # e.g. 413 / 40005 request too large
                await self.games.cancel_unposted(started.game_id)
                raise UserError(
                    f"Discord refused to post game {started.game_id} ({refused.status}: "
                    f"{refused.text or 'no reason given'}), so it was cancelled with no votes."
                ) from None
            if message is None:  # too late, and the channel refuses the bot: nobody can play
                await self.games.cancel_unposted(started.game_id)
                return
            await self.games.remember_message(started.game_id, message_ref(message))

    async def close(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        async with answering(interaction, replace_thinking=True):
            reveal = await self.games.close(chat_of(interaction), actor_of(interaction))
            await follow_up(
                interaction, embed=reveal_embed(reveal), file=chart_file(reveal.chart_png)
            )
            await self._retire_game_message(reveal.game_id)

    async def results(
        self, interaction: discord.Interaction, scope: str, by: str | None = None
    ) -> None:
        await interaction.response.defer(thinking=True)
        async with answering(interaction, replace_thinking=True):
            results = await self.games.results(chat_of(interaction), scope, by)
            await follow_up(
                interaction, embed=results_embed(results), file=chart_file(results.chart_png)
            )

    async def leaderboard(self, interaction: discord.Interaction, min_judgements: int) -> None:
        await interaction.response.defer(thinking=True)
        async with answering(interaction, replace_thinking=True):
            text = await self.games.leaderboard(chat_of(interaction), min_judgements)
            await follow_up(interaction, embed=leaderboard_embed(text))

    async def submit(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment,
        authorship: str | None = None,
        source: str | None = None,
    ) -> None:
        try:
            # Before a byte is downloaded: Discord states the name, type and size.
            check_declared(file.filename, file.content_type, file.size)
        except MidiRejected as error:
            await send_error(interaction, error)
            return
        await interaction.response.defer(thinking=True, ephemeral=True)
        async with answering(interaction):
            data = await file.read()
            receipt = await self.games.submit(
                chat_of(interaction),
                actor_of(interaction),
                data,
                file.filename,
                authorship=authorship,
                source=source,
            )
            await follow_up(interaction, receipt.text(), ephemeral=True)

    async def approve(self, interaction: discord.Interaction, submission: int | None) -> None:
        """Approve a submission; without a number, list the ones waiting (with their numbers)."""
        await interaction.response.defer(thinking=True, ephemeral=True)
        async with answering(interaction):
            if submission is None:
                pending = await self.games.pending(chat_of(interaction))
                text = fit_text(pending_text(pending), keep_last=1)  # keep how to approve
            else:
                text = await self.games.approve(
                    chat_of(interaction), submission, actor_of(interaction)
                )
            await follow_up(interaction, text, ephemeral=True)

    async def pending_choices(
        self, interaction: discord.Interaction, typed: str
    ) -> list[discord.app_commands.Choice[int]]:
        """Autocomplete for `/guess approve submission`: waiting submissions matching `typed`."""
        pending = await self.games.pending(chat_of(interaction))
        wanted = typed.strip().lstrip("#").casefold()
        return [
            discord.app_commands.Choice(name=p.line()[:MAX_CHOICE_NAME], value=p.submission_id)
            for p in pending
            if wanted in p.line().casefold()
        ][:MAX_CHOICES]

    async def export(
        self, interaction: discord.Interaction, *, scope: str = "game", names: bool = False
    ) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        async with answering(interaction):
            chat = chat_of(interaction)
            export = await self.games.export(chat, actor_of(interaction), scope, names=names)
            data = export.zip_bytes()
            if len(data) > interaction.filesize_limit:
                raise UserError(
                    f"The export is {size_text(len(data))}, over this server's upload limit of "
                    f"{size_text(interaction.filesize_limit)}; export the latest game (scope:game)."
                )
            await follow_up(
                interaction,
                export.summary(),
                ephemeral=True,
                file=discord.File(io.BytesIO(data), filename=f"study-{chat.id}-{scope}.zip"),
            )

    async def profile(self, interaction: discord.Interaction, experience: str, role: str) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        async with answering(interaction):
            text = await self.games.profile(actor_of(interaction), experience, role)
            await follow_up(interaction, text, ephemeral=True)

    async def settings(self, interaction: discord.Interaction, **changes: object) -> None:
        """`/guess settings`: alone, show them; with options, change them (admins)."""
        await interaction.response.defer(thinking=True, ephemeral=True)
        async with answering(interaction):
            text = await self.games.change_settings(
                chat_of(interaction), actor_of(interaction), changes
            )
            await follow_up(interaction, text, ephemeral=True)

    async def forget_me(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        async with answering(interaction):
            text = await self.games.forget(actor_of(interaction))
            await follow_up(interaction, text, ephemeral=True)

    # ----- components ----------------------------------------------------------------------
    async def _check_open(self, interaction: discord.Interaction, game_id: int) -> Chat:
        """The chat, if `game_id` is its open game: an old game's buttons must not vote."""
        chat = chat_of(interaction)
        game = await self.games.open_game(chat)
        if game is None or game.id != game_id:
            raise GameError(
                f"Game {game_id} is closed; its answers were posted when it "
                "closed. Start a new one with /guess start."
            )
        return chat

    async def vote(self, interaction: discord.Interaction, ballot: Ballot) -> None:
        """An AI/Human button: store the vote (keeping any ratings), then offer the selects."""
        await interaction.response.defer(thinking=True, ephemeral=True)
        async with answering(interaction):
            chat = await self._check_open(interaction, ballot.game_id)
            voter = member_id(interaction)
            earlier = await self.games.vote_of(ballot.game_id, ballot.letter, voter)
            receipt = await self.games.vote(
                chat,
                ballot.letter,
                actor_of(interaction),
                ballot.guess,
                earlier.confidence if earlier else None,
                earlier.quality if earlier else None,
            )
            # This press's own app permissions say whether the count can still be edited.
            missing = missing_edit_permissions(interaction)
            cannot_count = (
                f" (The voter count on the game message stays as it is: I am missing "
                f"{', '.join(missing)} here. Ask an admin to grant it.)"
                if missing
                else ""
            )
            await follow_up(
                interaction,
                f"{receipt.text()} {RATE_PROMPT}{cannot_count}",
                ephemeral=True,
                view=rating_view(ballot_of(receipt)),
            )
            if not missing:
                await self._update_count(interaction, ballot.game_id)

    async def _update_count(self, interaction: discord.Interaction, game_id: int) -> None:
        message = interaction.message
        if message is None or not message.embeds:
            return
        voters = await self.games.voter_count(game_id)
        embed = with_voter_count(message.embeds[0], voters)
        try:
            await message.edit(embed=embed)
        except discord.HTTPException:
            log.warning("could not update the voter count of game %s", game_id)

    async def rate(
        self, interaction: discord.Interaction, ballot: Ballot, field: str, value: int
    ) -> None:
        """A rating select: set `field` ('confidence' or 'quality') to `value` on the vote.

        The guess and the other rating come from the stored vote, not from the select:
        the member may have changed them since this receipt was posted.
        """
        await interaction.response.defer()  # an update of the receipt follows
        async with answering(interaction):
            chat = await self._check_open(interaction, ballot.game_id)
            voter = member_id(interaction)
            stored = await self.games.vote_of(ballot.game_id, ballot.letter, voter)
            current = ballot_of(stored) if stored else ballot
            rated = (
                replace(current, confidence=value)
                if field == "confidence"
                else replace(current, quality=value)
            )
            receipt = await self.games.vote(
                chat,
                ballot.letter,
                actor_of(interaction),
                rated.guess,
                confidence=rated.confidence or None,
                quality=rated.quality or None,
            )
            await interaction.edit_original_response(
                content=rated_text(receipt), view=rating_view(ballot_of(receipt))
            )
