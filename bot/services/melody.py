"""The melody service: what `/melody`, New and Variation ask for, whatever the front end.

It runs `bot.jobs.compose_job` in the worker pool, so composing, rendering,
encoding and drawing never run on the event loop, and a repeat of the same
parameters and seed is answered from the pool's cache.

Public API: `MelodyService`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.runtime.jobs import Output, Rendered, Voices, compose_job, render_job
from bot.runtime.runner import JobRunner, PositionCallback
from bot.services.actor import Actor
from bot.services.cooldown import Cooldown
from bot.store import Store
from engine.fingerprint import fingerprint_of_melody
from engine.melody import Melody
from engine.params.melody import MelodyParams

# Extra seconds of job time per second of music: rendering and encoding cost ~0.03 s per
# second of music on a free core (bench/render.py), so this leaves a wide margin for load.
TIMEOUT_PER_MUSIC_SECOND = 0.1


def job_timeout(pool: JobRunner, seconds_of_music: float) -> float:
    """The pool's timeout plus a margin that grows with the music's length, in seconds.

    A 64-bar melody at 40 BPM (384 s) may take ~20 s on a loaded machine; a stuck
    job is still stopped, just later.
    """
    return pool.job_timeout + TIMEOUT_PER_MUSIC_SECOND * seconds_of_music


class MelodyService:
    """Composes and renders melodies through a started `JobRunner`.

    `cooldown` limits how often one member may compose (every front end alike). With a
    `store`, every composed melody is kept with its fingerprint, so a copy of it can never
    be submitted to the games as a human tune.
    """

    def __init__(self, pool: JobRunner, cooldown: Cooldown, store: Store | None = None) -> None:
        self.pool = pool
        self.cooldown = cooldown
        self.store = store

    async def compose(
        self,
        params: MelodyParams,
        actor: Actor,
        variation: int = 0,
        on_position: PositionCallback | None = None,
        output: Output = Output.AUDIO,
    ) -> Rendered:
        """Compose `params` (variation 0 = the original) to MIDI, MP3, ABC, MusicXML and
        the picture `output` names (the score by default; `Output.AUDIO_PIANOROLL` for the
        piano roll instead, which then costs no engraving).

        Costs the actor one use of their cooldown (`bot.errors.CoolingDown` when spent).
        `on_position(n)` is told the place in line while the job waits (0 when
        it starts). Raises `bot.errors.Busy` or `JobFailed` under load or faults.
        """
        self.cooldown.check(actor.id)
        rendered: Rendered = await self.pool.submit(
            compose_job,
            params,
            variation,
            output,
            on_position=on_position,
            run_seconds=job_timeout(self.pool, params.duration_seconds),
        )
        await self._remember(rendered)
        return rendered

    async def _remember(self, rendered: Rendered) -> None:
        """Keep a composed melody and its fingerprint (committed before it is posted)."""
        if self.store is None or rendered.melody is None:
            return
        params = rendered.params
        melody_id = await self.store.melodies.add(
            source="ai",
            params=params.to_dict(),
            midi=rendered.midi,
            now=datetime.now(UTC),
            seed=params.seed,
            title=rendered.title,
        )
        await self.store.fingerprints.add(melody_id, fingerprint_of_melody(rendered.melody))

    async def render(
        self,
        melody: Melody,
        *,
        melody_only: bool = True,
        on_position: PositionCallback | None = None,
    ) -> Rendered:
        """Render an existing melody (melody only by default, as game items are)."""
        rendered: Rendered = await self.pool.submit(
            render_job,
            melody,
            Voices.MELODY_ONLY if melody_only else Voices.WITH_CHORDS,
            on_position=on_position,
            run_seconds=job_timeout(self.pool, melody.duration_seconds),
        )
        return rendered
