"""Variations: keep the plan, chords, opening motif and cadences; change the details.

Outside the opening bar each bar keeps the pitch that sounded on every pulse
and gets a new rhythm inside the beats, with passing and neighbour tones.
"""

from __future__ import annotations

import random

from engine.compose.pitch_choice import (
    MelodyState,
    add_note,
    choose_pitch,
    reset_short_term,
    rhythm_model,
    stream,
)
from engine.compose.rhythm import bar_events
from engine.melody import Note
from engine.model.viewpoints import strength


def vary_bar(
    state: MelodyState, bar: int, original: list[Note], rng: random.Random, keep_from: float
) -> None:
    """Re-draw a bar's rhythm inside the beats, keeping the original pitch on every pulse.

    Notes on a pulse take the pitch the original sounded there; notes between
    pulses become passing tones (between two pulse pitches) or neighbour tones.
    Notes from `keep_from` beats into the bar on (a cadence) are kept as they were.
    """
    params, meter = state.params, state.meter
    origin = bar * meter.bar_beats
    pulses = round(keep_from / meter.pulse_beats)
    events = (
        bar_events(
            meter,
            params.rhythm,
            params.complexity,
            params.syncopation,
            rng,
            pulses,
            rhythm_model(state.model),
        )
        if pulses
        else []
    )
    index_of = {p: i for i, p in enumerate(state.scale)}

    def sounding(beat: float) -> int:
        before = [n for n in original if n.start <= beat + 1e-9]
        return (before or original)[-1].pitch

    for position, event in enumerate(events):
        if event.rest:
            continue
        start = origin + event.start
        beat_strength = strength(meter, event.start)
        if beat_strength or not state.notes:
            fixed = [sounding(start)]
        else:
            previous = state.notes[-1].pitch
            following = [e for e in events[position + 1 :] if not e.rest]
            goal = sounding(origin + following[0].start) if following else previous
            low, high = sorted((index_of.get(previous, 0), index_of.get(goal, 0)))
            between = state.scale[low + 1 : high]
            if not between:  # neighbour tones around the previous pitch
                here = index_of.get(previous, 0)
                between = [
                    state.scale[i] for i in (here - 1, here + 1) if 0 <= i < len(state.scale)
                ]
            fixed = between
        pitch = choose_pitch(state, start, event.duration, beat_strength, fixed)
        add_note(state, bar, pitch, event, origin)
    kept = [n for n in original if n.start >= origin + keep_from - 1e-9]
    state.notes.extend(kept)
    state.bar_notes[bar].extend(kept)


def apply_variation(state: MelodyState, variation: int) -> None:
    """Vary every bar but the opening motif; cadence bars keep their final note."""
    cadence_bars = {p.last_bar for p in state.plan}
    meter = state.meter
    original = state.bar_notes
    state.notes, state.bar_notes = [], [[] for _ in original]
    reset_short_term(state)
    state.rng = stream(state.params, "notes", variation)
    rng = stream(state.params, "rhythm", variation)
    for bar, notes in enumerate(original):
        keep_from = meter.bar_beats
        if bar in cadence_bars and notes:
            keep_from = notes[-1].start - bar * meter.bar_beats
            if abs(keep_from / meter.pulse_beats - round(keep_from / meter.pulse_beats)) > 1e-9:
                keep_from = 0.0
        if bar == 0 or not notes or keep_from <= 0:
            state.notes.extend(notes)
            state.bar_notes[bar] = list(notes)
        else:
            vary_bar(state, bar, notes, rng, keep_from)
