"""The "AI or human?" listening games, platform-neutral.

    games = GameService(store, pool, cooldown)
    starter = Actor("discord:42", "ann")
    started = await games.start(Chat("discord", "123"), starter, items=4, minutes=10)
    await games.vote(chat, "A", Actor("discord:7"), "ai", confidence=4, quality=3)
    reveal = await games.close(chat, starter)

A game has half AI and half human items, shuffled and lettered A, B, C… For
each human tune the bot composes an AI melody with the same key, mode,
meter, bars, tempo and instrument; every item is rendered the same way,
melody only, in the worker pool. A vote is committed before the voter is
told. A game closes when its starter or an admin closes it, or by itself at
its closing time; timers are re-armed from the database by `rearm()` after a
restart, and timed closes are announced to the listeners registered with
`add_close_listener(platform, callback)` (the timers and listeners live in
`bot.services.game_timers`).

Public API: `GameService`, `Chat`, `utc_now`, and `GameRow`/`VoteRow`, the rows its
lookups (`open_game`, `latest_game`, `vote_of`) return to adapters.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.errors import GameError
from bot.runtime.runner import JobRunner
from bot.services.actor import Actor
from bot.services.cooldown import Cooldown
from bot.services.games.chat_settings import ADMINS
from bot.services.games.community import DEFAULT_SETTINGS, CommunityActions
from bot.services.games.item_maker import ItemMaker
from bot.services.games.models import (
    Chat,
    GameItem,
    Results,
    Reveal,
    StartedGame,
    VoteReceipt,
    utc_clock_text,
)
from bot.services.games.options import LETTERS, checked_option
from bot.services.games.permissions import (
    require_closer,
    require_starter,
)
from bot.services.games.reports import build_reveal, chat_leaderboard, chat_results
from bot.services.games.stats import DEFAULT_MIN_JUDGEMENTS
from bot.services.games.timers import TIMER_RETRY_SECONDS, CloseListener, GameTimers
from bot.store import GameAlreadyOpen, GameRow, Store, VoteRow
from engine.compose.drafts import knob_measures
from engine.human.pool import load_human_pool
from engine.melody import Melody

__all__ = ["Chat", "GameRow", "GameService", "VoteRow", "utc_now"]

log = logging.getLogger(__name__)

UNPOSTED = "system:unposted"  # `closed_by` of a game the platform refused to post


def utc_now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


class GameService(CommunityActions):
    """Games of one bot: start, vote, close (by hand or timer), reveal, results, submissions.

    `pool` is a started job runner (`bot.runtime.runner.JobRunner`); `cooldown` limits how often one
    member may start games and submit tunes; `clock` returns aware UTC
    datetimes; `human_pool` returns the bundled human melodies; `rng` draws
    tunes, seeds and the order of items; `retry_seconds` is the first wait
    before a failed timed close is tried again (doubling up to
    TIMER_RETRY_MAX_SECONDS).
    """

    def __init__(
        self,
        store: Store,
        pool: JobRunner,
        cooldown: Cooldown,
        clock: Callable[[], datetime] = utc_now,
        *,
        human_pool: Callable[[], list[Melody]] = load_human_pool,
        rng: random.Random | None = None,
        retry_seconds: float = TIMER_RETRY_SECONDS,
    ) -> None:
        self.store = store
        self.pool = pool
        self.cooldown = cooldown
        self.clock = clock
        self._human_pool = human_pool
        self._rng = rng or random.Random()  # noqa: S311 — draws tunes and orders, not secrets
        self._starting: set[Chat] = set()
        self._human_prints: list[tuple[str, frozenset[int]]] | None = None
        self.timers = GameTimers(store, self.reveal, clock, retry_seconds)
        self.items = ItemMaker(store, pool, clock, human_pool, self._rng)

    # --- timers and listeners (bot/services/game_timers.py) -------------------------------

    def add_close_listener(self, platform: str, callback: CloseListener) -> None:
        """Await `callback(reveal)` whenever a game of `platform` closes by its timer.

        Reveals of games that closed by their timer but were never handed to a listener
        (closed while the bot stopped, or right after a restart) are delivered now.
        """
        self.timers.add_listener(platform, callback)

    def remove_close_listener(self, platform: str, callback: CloseListener) -> None:
        """Stop telling `callback` (a front end shutting down); later reveals wait for the next."""
        self.timers.remove_listener(platform, callback)

    async def rearm(self) -> int:
        """Arm a timer for every open game in the database (after a restart); return how many.

        A game whose time passed while the bot was down closes at once.
        """
        games = await self.store.games.open_all()
        for game in games:
            self.timers.arm(game)
        return len(games)

    async def aclose(self) -> None:
        """Stop the timers and deliveries (see `GameTimers.aclose`)."""
        await self.timers.aclose()

    @property
    def armed(self) -> tuple[int, ...]:
        """Ids of the games whose timers are running."""
        return self.timers.armed

    # --- starting ------------------------------------------------------------------------

    async def start(
        self,
        chat: Chat,
        actor: Actor,
        items: int | None = None,
        minutes: int | None = None,
    ) -> StartedGame:
        """Open a game of `items` (2-10) melodies that closes in `minutes` (1 to 24 h).

        Left out, both come from the chat's settings; the settings also say who may
        start. Starting costs the actor one use of their cooldown, as /melody does.
        """
        checked_option("items", items)
        checked_option("minutes", minutes)
        settings = await self.settings(chat)
        require_starter(actor, admins_only=settings.starters == ADMINS)
        items = settings.default_items if items is None else items
        minutes = settings.default_minutes if minutes is None else minutes
        await self._refuse_if_open(chat)
        self.cooldown.check(actor.id)
        await self.remember_name(actor.id, actor.name)
        creator = actor.id
        if chat in self._starting:
            raise GameError("A game is being prepared in this chat already; it opens shortly.")
        self._starting.add(chat)
        try:
            return await self._start(chat, creator, items, minutes)
        finally:
            self._starting.discard(chat)

    async def _refuse_if_open(self, chat: Chat) -> None:
        game = await self.store.games.open_in(chat.platform, chat.id)
        if game is not None:
            raise GameError(
                f"Game {game.id} is still open in this chat (it closes at "
                f"{utc_clock_text(game.closes_at)}). Vote in it, or close it first."
            )

    async def _start(self, chat: Chat, creator: str, items: int, minutes: int) -> StartedGame:
        entries = await self.items.make(chat, items)
        now = self.clock()
        letters = LETTERS[:items]
        closes_at = now + timedelta(minutes=minutes)
        try:
            game_id = await self.store.games.create(
                platform=chat.platform,
                chat=chat.id,
                creator=creator,
                opened_at=now,
                closes_at=closes_at,
                items=[
                    (letter, melody_id)
                    for letter, (melody_id, _) in zip(letters, entries, strict=True)
                ],
                # What each item measures as posted, for items.csv (well under 1 ms each).
                measures=[
                    None if item.melody is None else knob_measures(item.melody)
                    for _, item in entries
                ],
            )
        except GameAlreadyOpen as error:
            raise GameError("A game opened in this chat meanwhile; vote in that one.") from error
        game = await self.store.games.get(game_id)
        if game is None:  # written just above: only a concurrent delete could do this
            raise GameError("That game could not be opened; try /guess start again.")
        self.timers.arm(game)
        log.info(
            "game %s opened in %s:%s by %s with %s items",
            game_id,
            chat.platform,
            chat.id,
            creator,
            items,
        )
        return StartedGame(
            game_id,
            chat,
            creator,
            closes_at,
            tuple(
                GameItem(letter, item) for letter, (_, item) in zip(letters, entries, strict=True)
            ),
        )

    # --- voting --------------------------------------------------------------------------

    async def vote(
        self,
        chat: Chat,
        item: str,
        actor: Actor,
        guess: str,
        confidence: int | None = None,
        quality: int | None = None,
    ) -> VoteReceipt:
        """Record (or replace) `voter`'s judgement of item `item` in the chat's open game.

        `name` is the voter's display name on their platform (remembered for reveals).
        """
        guess = str(checked_option("guess", guess))
        checked_option("confidence", confidence)
        checked_option("quality", quality)
        game = await self.store.games.open_in(chat.platform, chat.id)
        if game is None:
            raise GameError("No game is open in this chat. Start one with /guess start.")
        if game.closes_at <= self.clock():
            raise GameError(
                f"Voting in game {game.id} closed at "
                f"{utc_clock_text(game.closes_at)}; the answers are coming."
            )
        items = await self.store.games.items(game.id)
        letter = item.strip().upper()
        chosen = next((i for i in items if i.letter == letter), None)
        if chosen is None:
            raise GameError(
                f"item:{item} is not in game {game.id}. Items: "
                f"{', '.join(i.letter for i in items)}."
            )
        await self.remember_name(actor.id, actor.name)
        replaced = await self.store.votes.record(
            item_id=chosen.id,
            voter=actor.id,
            guess=guess,
            confidence=confidence,
            quality=quality,
            now=self.clock(),
            # As shown: letters in order, A first; the game is posted when it opens.
            shown_position=chosen.position + 1,
            posted_at=game.opened_at,
        )
        return VoteReceipt(game.id, letter, guess, confidence, quality, replaced)

    async def open_game(self, chat: Chat) -> GameRow | None:
        """The chat's open game, if any (for adapters that check a button's game)."""
        return await self.store.games.open_in(chat.platform, chat.id)

    async def latest_game(self, chat: Chat) -> GameRow | None:
        """The chat's most recent game, open or closed."""
        return await self.store.games.latest(chat.platform, chat.id)

    async def item_letters(self, chat: Chat) -> tuple[str, ...]:
        """The letters of the chat's open game ('A', 'B', …); empty when none is open."""
        game = await self.store.games.open_in(chat.platform, chat.id)
        return tuple(i.letter for i in await self.store.games.items(game.id)) if game else ()

    async def vote_of(self, game_id: int, item: str, voter: str) -> VoteRow | None:
        """A member's current vote on an item (to keep ratings when only the guess changes)."""
        return await self.store.votes.of_member(game_id, item.strip().upper(), voter)

    async def remember_message(self, game_id: int, message: str) -> None:
        """Keep where a front end posted the game's message (e.g. 'channel:message' ids).

        Stored with the game, so the reveal can update that message after a restart.
        """
        await self.store.games.set_message(game_id, message)

    async def message_of(self, game_id: int) -> str | None:
        """Where the game's message was posted, as given to `remember_message`, if known."""
        game = await self.store.games.get(game_id)
        return game.message if game else None

    async def voter_count(self, game_id: int) -> int:
        """How many different members have voted in a game so far."""
        return await self.store.votes.voter_count(game_id)

    # --- closing and reveals ---------------------------------------------------------------

    async def close(self, chat: Chat, actor: Actor) -> Reveal:
        """Close the chat's open game now (its starter or an admin only) and reveal it."""
        game = await self.store.games.open_in(chat.platform, chat.id)
        if game is None:
            raise GameError("No game is open in this chat. Start one with /guess start.")
        require_closer(
            game, actor, await self._name_of(game.creator), utc_clock_text(game.closes_at)
        )
        await self.remember_name(actor.id, actor.name)
        reveal = await self._close(game, actor.id)
        if reveal is None:
            raise GameError("That game has just closed.")
        self.timers.disarm(game.id)
        return reveal

    async def cancel_unposted(self, game_id: int) -> bool:
        """Close a game its front end could not post, with no reveal: the chat is free again.

        The platform's refusal is the reason, not a member, so no permission applies.
        False when the game had already closed.
        """
        cancelled = await self.store.games.close(game_id, UNPOSTED, self.clock())
        self.timers.disarm(game_id)
        if cancelled:
            log.warning("game %s cancelled unplayed: the platform refused to post it", game_id)
        return cancelled

    async def _close(self, game: GameRow, by: str) -> Reveal | None:
        """Mark the game closed (only the first closer wins) and build its reveal."""
        if not await self.store.games.close(game.id, by, self.clock()):
            return None
        log.info("game %s closed by %s", game.id, by)
        return await self.reveal(game.id)

    async def reveal(self, game_id: int) -> Reveal:
        """A closed game's truths, each voter's score, its study table and chart."""
        return await build_reveal(self.store, self.pool, game_id, DEFAULT_SETTINGS)

    async def results(self, chat: Chat, scope: str = "game", by: str | None = None) -> Results:
        """The latest game's reveal (`scope='game'`), or the table over all closed games.

        Only votes meeting the chat's minimum profile count; `by` ('experience', 'role')
        adds the results split by the members' profiles.
        """
        return await chat_results(self.store, self.pool, chat, scope, DEFAULT_SETTINGS, by)

    async def leaderboard(self, chat: Chat, min_judgements: int = DEFAULT_MIN_JUDGEMENTS) -> str:
        """Best detectors over the chat's closed games, with at least `min_judgements` each."""
        return await chat_leaderboard(self.store, chat, min_judgements)
