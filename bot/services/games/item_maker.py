"""Making a game's items: human tunes and knob-matched AI melodies, rendered alike, stored.

Human tunes come from approved submissions never played, then the bundled pool.
Each AI melody matches a human one (its knobs set so its measures match, as the
study matched "similar complexities and ranges"); every item gets the same
treatment (`as_game_item`: accents, length, register) and is rendered melody
only in the job runner. AI items are fingerprinted, so nobody can submit one back
as human.

Public API: `ItemMaker`.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from datetime import datetime

from bot.runtime.jobs import Output, Rendered, Voices, compose_job, render_job
from bot.runtime.runner import JobRunner
from bot.services.games.items import as_game_item, knob_matched_params, random_seed, split_sources
from bot.services.games.models import Chat
from bot.services.games.submissions import unplayed_submissions
from bot.services.melody import job_timeout
from bot.store import Store
from engine.fingerprint import fingerprint_of_midi
from engine.melody import Melody
from engine.params.melody import MelodyParams


class ItemMaker:
    """Prepares the (stored melody id, rendered item) pairs of a new game, shuffled."""

    def __init__(
        self,
        store: Store,
        pool: JobRunner,
        clock: Callable[[], datetime],
        human_pool: Callable[[], list[Melody]],
        rng: random.Random,
    ) -> None:
        self.store = store
        self.pool = pool
        self.clock = clock
        self.human_pool = human_pool
        self.rng = rng

    async def make(self, chat: Chat, items: int) -> list[tuple[int, Rendered]]:
        """`items` items, about half AI and half human, stored and in a random order."""
        ai_count, human_count = split_sources(items, self.rng)
        humans = await self._pick_humans(chat, human_count)
        # Each AI melody matches a human one (cycling when there are more AI items): its
        # knobs are set so its measures match. That composes a few drafts, so it runs in the
        # job runner (a thread of this process would still hold the event loop's GIL).
        seeds = [random_seed(self.rng) for _ in range(ai_count)]
        ai_params: list[MelodyParams] = list(
            await asyncio.gather(
                *(
                    self.pool.submit(knob_matched_params, humans[i % len(humans)][0], seed)
                    for i, seed in enumerate(seeds)
                )
            )
        )
        jobs = [asyncio.ensure_future(self._render_human(melody)) for melody, _ in humans]
        jobs += [asyncio.ensure_future(self._render_ai(params)) for params in ai_params]
        try:
            rendered = await asyncio.gather(*jobs)
        except BaseException:
            for job in jobs:  # one failed (busy, timeout): free the pool from the others
                job.cancel()
            # Collect them, so none ends as "Task exception was never retrieved".
            await asyncio.gather(*jobs, return_exceptions=True)
            raise
        now = self.clock()
        entries = []
        for (melody, row_id), item in zip(humans, rendered[:human_count], strict=True):
            entries.append((await self._human_melody_id(melody, row_id, item, now), item))
        for item in rendered[human_count:]:
            ai_id = await self.store.melodies.add(
                source="ai",
                params=item.params.to_dict(),
                seed=item.params.seed,
                midi=item.midi,
                now=now,
            )
            # Fingerprinted, so no member can submit it back as a human melody.
            await self.store.fingerprints.add(ai_id, fingerprint_of_midi(item.midi))
            entries.append((ai_id, item))
        self.rng.shuffle(entries)
        return entries

    async def _pick_humans(self, chat: Chat, count: int) -> list[tuple[Melody, int | None]]:
        """Human melodies: approved submissions never played first, then the bundled pool.

        Each comes with its stored melody id (None for a bundled tune, stored on use).
        """
        chosen: list[tuple[Melody, int | None]] = list(
            await unplayed_submissions(self.store, self.pool, chat, count)
        )
        bundled = self.human_pool()
        chosen += [(m, None) for m in self.rng.sample(bundled, count - len(chosen))]
        return chosen

    async def _render_human(self, melody: Melody) -> Rendered:
        item = as_game_item(melody, random_seed(self.rng))
        rendered: Rendered = await self.pool.submit(
            render_job,
            item,
            Voices.MELODY_ONLY,
            Output.AUDIO_ONLY,  # an item shows no picture: it could give its source away
            run_seconds=job_timeout(self.pool, item.duration_seconds),
        )
        return rendered

    async def _render_ai(self, params: MelodyParams) -> Rendered:
        # Time allowed grows with the music's length, as for /melody (MelodyService).
        composed = await self.pool.submit(
            compose_job,
            params,
            0,
            Output.MIDI,
            run_seconds=job_timeout(self.pool, params.duration_seconds),
        )
        if composed.melody is None:  # compose_job always returns one; say so if not
            raise RuntimeError("compose_job returned no melody")
        # The same treatment as human tunes, so accents and length cannot give it away.
        item = as_game_item(composed.melody, params.seed)
        rendered: Rendered = await self.pool.submit(
            render_job,
            item,
            Voices.MELODY_ONLY,
            Output.AUDIO_ONLY,  # an item shows no picture: it could give its source away
            run_seconds=job_timeout(self.pool, item.duration_seconds),
        )
        return rendered

    async def _human_melody_id(
        self, melody: Melody, row_id: int | None, item: Rendered, now: datetime
    ) -> int:
        if row_id is not None:
            return row_id
        return await self.store.melodies.add(
            source="human",
            params=melody.params.to_dict(),
            midi=item.midi,
            now=now,
            title=melody.provenance.get("title"),
            collection=melody.provenance.get("collection"),
        )
