"""Motifs: which bars restate an earlier bar (the `repetition` control), and restating one.

A restatement copies an earlier bar's rhythm and its melodic shape, moved by
whole scale steps (so it stays in the key), choosing the move that best fits
the chords on strong beats and the contour.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from engine.compose.harmony import slot_at
from engine.compose.phrases import Phrase, phrase_of_bar
from engine.compose.pitch_choice import MAX_LEAP, MelodyState, add_note, target_pitch
from engine.compose.rhythm import Event
from engine.model.viewpoints import strength
from engine.params.melody import MelodyParams


@dataclass(frozen=True)
class BarPlan:
    """How a bar is made: fresh, or restating bar `source` moved `shift` scale steps."""

    source: int | None = None
    shift_hint: int = 0


def motif_plan(params: MelodyParams, plan: list[Phrase], rng: random.Random) -> list[BarPlan]:
    """Which bars restate an earlier bar: about `repetition` % of the bars that may.

    Cadence bars (a phrase's last) are always fresh. A restatement copies the
    opening motif, the same bar of the previous phrase, or the previous bar as
    a sequence (moved by a step).
    """
    chance = params.repetition / 100
    bars: list[BarPlan] = []
    cadence_bars = {p.last_bar for p in plan}
    for bar in range(params.bars):
        if bar == 0 or bar in cadence_bars or rng.random() >= chance:
            bars.append(BarPlan())
            continue
        phrase = phrase_of_bar(plan, bar)
        options: list[BarPlan] = [BarPlan(0, 0)]
        if phrase.first_bar > 0:
            previous = plan[plan.index(phrase) - 1]
            parallel = previous.first_bar + (bar - phrase.first_bar)
            if parallel < previous.last_bar:
                options += [BarPlan(parallel, 0)] * 2
        if bar - 1 not in cadence_bars:
            options.append(BarPlan(bar - 1, rng.choice((-1, 1))))
        bars.append(rng.choice(options))
    return bars


def restate_bar(state: MelodyState, bar: int, bar_plan: BarPlan) -> bool:
    """Copy bar `bar_plan.source` here, moved by whole scale steps; False if it cannot fit."""
    assert bar_plan.source is not None
    source = state.bar_notes[bar_plan.source]
    if not source:
        return False
    source_origin = bar_plan.source * state.meter.bar_beats
    origin = bar * state.meter.bar_beats
    index_of = {p: i for i, p in enumerate(state.scale)}
    if any(n.pitch not in index_of for n in source):
        return False
    best: tuple[float, list[int]] | None = None
    for shift in range(-4, 5):
        moved = [index_of[n.pitch] + shift for n in source]
        if min(moved) < 0 or max(moved) >= len(state.scale):
            continue
        pitches = [state.scale[i] for i in moved]
        score = 0.0 if shift == bar_plan.shift_hint else -1.0
        if state.notes and abs(pitches[0] - state.notes[-1].pitch) > MAX_LEAP:
            continue
        for note, pitch in zip(source, pitches, strict=True):
            start = origin + note.start - source_origin
            if strength(state.meter, note.start - source_origin) == 2:
                score += 1.5 if pitch % 12 in slot_at(state.harmony, start).pitch_classes else -1
        score -= abs(sum(pitches) / len(pitches) - target_pitch(state, origin)) / 6
        if best is None or score > best[0]:
            best = (score, pitches)
    if best is None:
        return False
    for note, pitch in zip(source, best[1], strict=True):
        event = Event(note.start - source_origin, note.duration)
        add_note(state, bar, pitch, event, origin)
    return True
