"""Closing games at their time, and handing the reveals to the front ends.

A timer per open game sleeps until its closing time, closes it in the store
and announces it to the listeners of the game's platform. A game stays
"unannounced" in the database until a listener has taken its reveal, so a
reveal lost to a shutdown or a crash is posted when the platform's front end
registers again. A close that fails (the database or the pool failing) is
tried again with backoff, rather than leave the game open past its time.

Several bot processes may share one database, and any of them may find a reveal to
post (its timer's close, or the missed reveals at a front end's start). Each claims
the posting in the database first, under a lease (ANNOUNCE_LEASE_SECONDS): the one
that gets the claim posts, the others stand back, and look again when the lease
lapses. A lease rather than a plain "announced" mark taken before posting, because a
process killed mid-post would then leave the reveal unposted forever; with the lease
it is posted late instead (twice only if the dead process had already posted it).
A shutdown that cuts a post off gives its claim back at once.

Public API: `GameTimers`, `CloseListener`, `TIMER`, `TIMER_RETRY_SECONDS`.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.services.games.models import Reveal
from bot.store import GameRow, Store

log = logging.getLogger(
    "bot.services.games.service"
)  # one logger for the games service and its timers

TIMER = "timer"  # `closed_by` of a game closed by its clock
TIMER_RETRY_SECONDS = 5.0  # first wait before a failed timed close is tried again
TIMER_RETRY_MAX_SECONDS = 300.0  # the wait doubles up to this
# A reveal every listener failed to post (the platform refusing: bot kicked, permission
# missing) is tried this many times, the waits doubling from `retry_seconds`, then marked
# undeliverable in the database so no restart tries it again.
REVEAL_ATTEMPTS = 6
# How long a process's claim on posting a reveal holds (seconds): longer than building
# the reveal and one post attempt take (each attempt renews it); after a crash, how
# long the reveal waits before another process posts it.
ANNOUNCE_LEASE_SECONDS = 120.0
CloseListener = Callable[[Reveal], Awaitable[object]]


class GameTimers:
    """The timers of open games and the front ends' close listeners.

    `reveal(game_id)` builds a closed game's reveal; `clock` returns aware UTC
    datetimes; `retry_seconds` is the first wait (seconds) before a failed close is
    tried again, doubling up to TIMER_RETRY_MAX_SECONDS. `owner` names this process in
    its claims on posting reveals (random by default: unique per process).
    """

    def __init__(
        self,
        store: Store,
        reveal: Callable[[int], Awaitable[Reveal]],
        clock: Callable[[], datetime],
        retry_seconds: float = TIMER_RETRY_SECONDS,
        owner: str | None = None,
    ) -> None:
        self.store = store
        self.owner = owner or uuid.uuid4().hex
        self.reveal = reveal
        self.clock = clock
        self._timers: dict[int, asyncio.Task[None]] = {}
        self._listeners: dict[str, list[CloseListener]] = {}
        self._deliveries: set[asyncio.Task[None]] = set()
        self._announcing: set[int] = set()  # games whose reveal is being handed over now
        self.retry_seconds = retry_seconds  # public: tests shorten the waits
        self.announce_lease_seconds = ANNOUNCE_LEASE_SECONDS  # public, likewise
        self._stopped = False  # after aclose(): no new timers (games wait for the next start)

    def add_listener(self, platform: str, callback: CloseListener) -> asyncio.Task[None]:
        """Await `callback(reveal)` whenever a game of `platform` closes by its timer.

        Reveals of games that closed by their timer but were never handed to a listener
        (closed while the bot stopped, or right after a restart) are delivered now, by
        the task returned (awaited by the timers' `aclose`; tests may await it).
        """
        self._listeners.setdefault(platform, []).append(callback)
        task = asyncio.create_task(self._announce_missed(platform))
        self._deliveries.add(task)
        task.add_done_callback(self._deliveries.discard)
        return task

    def remove_listener(self, platform: str, callback: CloseListener) -> None:
        """Stop telling `callback` (a front end shutting down); later reveals wait for the next."""
        listeners = self._listeners.get(platform, [])
        if callback in listeners:
            listeners.remove(callback)

    async def _announce_missed(self, platform: str) -> None:
        try:
            for game in await self.store.games.unannounced(platform):
                await self._announce(game.id, platform)
        except Exception:  # posted at the next start instead
            log.exception("announcing the missed reveals of %s failed", platform)

    async def _tell(self, callback: CloseListener, reveal: Reveal, *, first: bool) -> bool:
        """Hand a reveal to one listener; False when it failed (logged on the first attempt)."""
        try:
            await callback(reveal)
        except Exception:
            if first:
                log.exception("posting the reveal of game %s failed", reveal.game_id)
            return False
        return True

    async def _claim(self, game_id: int, platform: str) -> bool:
        """Claim (or renew) the posting of a reveal; when another process holds it, look
        again when its lease lapses (it may have died mid-post)."""
        lease = timedelta(seconds=self.announce_lease_seconds)
        claim = await self.store.games.claim_announcement(game_id, self.owner, self.clock(), lease)
        if not claim.claimed and claim.held_until is not None and not self._stopped:
            delay = (claim.held_until - self.clock()).total_seconds()
            task = asyncio.create_task(self._announce_later(game_id, platform, delay))
            self._deliveries.add(task)
            task.add_done_callback(self._deliveries.discard)
        return claim.claimed

    async def _announce_later(self, game_id: int, platform: str, delay: float) -> None:
        """Try a reveal again after `delay` seconds (another process's lease lapsing)."""
        await asyncio.sleep(max(0.0, delay))
        try:
            await self._announce(game_id, platform)
        except Exception:  # posted at the next start instead
            log.exception("posting the reveal of game %s after a lapsed claim failed", game_id)

    async def _announce(self, game_id: int, platform: str) -> None:
        """Hand a timer-closed game's reveal to the platform's listeners, once.

        The posting is claimed in the database first (see the module's docstring), so
        another bot process on the same database does not post it too. The game is
        marked announced when a listener took it; without listeners, or when cut off by
        a shutdown, it waits for the next `add_listener`. When every listener fails, it
        is tried REVEAL_ATTEMPTS times with backoff, then marked undeliverable.
        """
        listeners = list(self._listeners.get(platform, []))
        if not listeners or game_id in self._announcing:
            return
        self._announcing.add(game_id)
        try:
            game = await self.store.games.get(game_id)
            if game is None or game.is_open or game.announced_at is not None:
                return
            if not await self._claim(game_id, platform):
                return
            try:
                await self._post(game_id, platform, listeners)
            except BaseException:  # cut off (a shutdown) or failed: free the claim now
                await self._release(game_id)
                raise
        finally:
            self._announcing.discard(game_id)

    async def _post(self, game_id: int, platform: str, listeners: list[CloseListener]) -> None:
        """Build the reveal and hand it over, with retries; the caller holds the claim."""
        reveal = await self.reveal(game_id)
        wait = self.retry_seconds
        for attempt in range(REVEAL_ATTEMPTS):
            if attempt:
                await asyncio.sleep(wait)
                wait = min(2 * wait, TIMER_RETRY_MAX_SECONDS)
                if not await self._claim(game_id, platform):  # renew; lost if it lapsed
                    return
            told = [await self._tell(c, reveal, first=attempt == 0) for c in listeners]
            if any(told):
                await self.store.games.mark_announced(game_id, self.clock())
                return
        log.warning(
            "gave up posting the reveal of game %s after %d attempts", game_id, REVEAL_ATTEMPTS
        )
        await self.store.games.mark_undeliverable(game_id, self.clock())

    async def _release(self, game_id: int) -> None:
        """Give back this process's claim on a reveal; on failure it lapses by itself."""
        try:
            await self.store.games.release_announcement(game_id, self.owner)
        except Exception:
            log.exception("giving back the claim on the reveal of game %s failed", game_id)

    async def aclose(self) -> None:
        """Stop the timers and deliveries; from now on no timer closes a game.

        Open games stay open in the database and are re-armed at the next start; a
        reveal cut off mid-delivery is still unannounced there, so it is posted then.
        The launcher calls this before it stops the front ends, so no game closes
        while they drain.
        """
        self._stopped = True
        timers = [*self._timers.values(), *self._deliveries]
        for timer in timers:
            timer.cancel()
        await asyncio.gather(*timers, return_exceptions=True)
        self._timers.clear()

    @property
    def armed(self) -> tuple[int, ...]:
        """Ids of the games whose timers are running."""
        return tuple(self._timers)

    def arm(self, game: GameRow) -> None:
        """Start the timer of an open game (once; not after `aclose`)."""
        if game.id not in self._timers and not self._stopped:
            task = asyncio.create_task(self._close_when_due(game), name=f"game-{game.id}-timer")
            self._timers[game.id] = task

    async def _close_when_due(self, game: GameRow) -> None:
        """Sleep until the closing time, close the game, announce it; retry what fails."""
        try:
            delay = (game.closes_at - self.clock()).total_seconds()
            if delay > 0:
                await asyncio.sleep(delay)
            wait = self.retry_seconds
            claimed = False  # this process closed it: several bot processes may hold its timer
            while True:
                try:
                    claimed = claimed or await self.store.games.close(
                        game.id, TIMER, self.clock(), announced=False
                    )
                    if claimed:  # else closed by hand or by another process, which reveals it
                        await self._announce(game.id, game.platform)
                    return
                except Exception:
                    # The game stays open (or unannounced) in the database; never give up on it.
                    log.exception(
                        "closing game %s by its timer failed; trying again in %g s", game.id, wait
                    )
                await asyncio.sleep(wait)
                wait = min(2 * wait, TIMER_RETRY_MAX_SECONDS)
        finally:
            if self._timers.get(game.id) is asyncio.current_task():
                del self._timers[game.id]

    def disarm(self, game_id: int) -> None:
        """Stop a game's timer: it was closed by hand."""
        timer = self._timers.pop(game_id, None)
        if timer is not None and timer is not asyncio.current_task():
            timer.cancel()
