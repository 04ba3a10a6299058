"""Variations: keep the plan, the chords, the opening motif and the cadences; re-draw
the rest with the joint model.

A variation walks the melody again from the same joint model, under the same masks
and knob tilts, with the variation's own random streams: the phrase plan, the motif
plan (which bars restate which) and the chords fitted to the original are kept, and
so are the opening bar (the main motif) and each phrase's final note (its cadence).
"""

from __future__ import annotations

from engine.compose.pitch_choice import MelodyState, reset_short_term, stream
from engine.melody import Note
from engine.model.joint_memory import TokenMemory

# Notes a variation keeps, by bar: (beats into the bar from which the bar is kept, notes).
Kept = dict[int, tuple[float, list[Note]]]


def kept_notes(state: MelodyState) -> Kept:
    """What a variation of the melody in `state` keeps: the opening bar whole, and each
    cadence bar from its last note on (the whole bar when that note starts off the pulse,
    which the walk could not lead into with whole note values)."""
    meter = state.meter
    kept: Kept = {0: (0.0, list(state.bar_notes[0]))}
    for phrase in state.plan:
        notes = state.bar_notes[phrase.last_bar]
        if not notes or phrase.last_bar == 0:
            continue
        keep_from = notes[-1].start - phrase.last_bar * meter.bar_beats
        pulses = keep_from / meter.pulse_beats
        on_pulse = abs(pulses - round(pulses)) < 1e-9
        kept[phrase.last_bar] = (keep_from, [notes[-1]]) if on_pulse else (0.0, list(notes))
    return kept


def restart(state: MelodyState, variation: int) -> None:
    """Clear the melody in `state` for variation number `variation` (1, 2, ...): its notes,
    its memories and its note stream (the plan and chords stay)."""
    state.notes = []
    state.bar_notes = [[] for _ in state.bar_notes]
    state.memory = TokenMemory()
    state.next_bar_pitch = None
    reset_short_term(state)
    state.rng = stream(state.params, "notes", variation)
