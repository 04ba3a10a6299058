"""Composition: parameters (and a seed) to a Melody with chords.

    compose(params, variation=0) -> Melody

The plan is made first and is fixed by the seed alone: phrases (engine.phrases),
the chord progression (engine.harmony) and which bars restate an earlier
motif (engine.motifs). Then each bar gets a rhythm (engine.rhythm) and pitches
(engine.melodic): a learned model (engine.model) weighs each next pitch, and
the weights are shaped by the contour target (engine.contour), by chord tones
on strong beats, and by the complexity "temperature". Phrase ends cadence; the
melody ends on the tonic. No run of 8 (interval, duration) tokens of a
training tune is ever copied (engine.originality).

`variation > 0` keeps the plan, the chords, the opening bar (the main motif)
and every cadence; elsewhere it keeps the pitch sounding on each pulse and
re-draws the rhythm inside the beats, with passing and neighbour tones
(engine.variation).
"""

from __future__ import annotations

from engine.compose.contour import pitch_range
from engine.compose.harmony import progression, slot_at
from engine.compose.motifs import motif_plan, restate_bar, restated_beats
from engine.compose.phrases import AUTHENTIC, Phrase, phrase_of_bar, phrase_plan
from engine.compose.pitch_choice import (
    MelodyState,
    add_note,
    choose_pitch,
    repair_copies,
    reset_short_term,
    rhythm_model,
    stream,
)
from engine.compose.rhythm import Event, bar_events, cadence_events
from engine.compose.variation import apply_variation
from engine.melody import Melody
from engine.model.melody_model import load_model
from engine.model.viewpoints import strength
from engine.params.melody import MelodyParams
from engine.theory.meters import METERS
from engine.theory.scales import KEYS, scale_pitches


def cadence_pitches(state: MelodyState, phrase: Phrase, start: float) -> list[int]:
    """Pitches a phrase may end on: the tonic (authentic) or a dominant-chord tone (half)."""
    if phrase.cadence == AUTHENTIC:
        return [p for p in state.scale if p % 12 == state.tonic_pc]
    chord = slot_at(state.harmony, start).pitch_classes
    return [p for p in state.scale if p % 12 in chord] or state.scale


def fresh_bar(state: MelodyState, bar: int, events: list[Event], phrase: Phrase) -> None:
    """Give a bar's rhythm its pitches; a phrase's last note lands on its cadence pitch."""
    origin = bar * state.meter.bar_beats
    last_event = max((i for i, e in enumerate(events) if not e.rest), default=-1)
    for index, event in enumerate(events):
        if event.rest:
            continue
        start = origin + event.start
        beat_strength = strength(state.meter, event.start)
        fixed = None
        if bar == phrase.last_bar and index == last_event:
            fixed = cadence_pitches(state, phrase, start)
        pitch = choose_pitch(state, start, event.duration, beat_strength, fixed)
        add_note(state, bar, pitch, event, origin)


def compose(params: MelodyParams, variation: int = 0) -> Melody:
    """Compose a melody and its chords; deterministic in params, seed and variation."""
    meter = METERS[params.time]
    plan = phrase_plan(params.bars)
    harmony = progression(params, plan, stream(params, "harmony"))
    motifs = motif_plan(params, plan, stream(params, "motifs"))
    low, high = pitch_range(params)
    state = MelodyState(
        params=params,
        meter=meter,
        plan=plan,
        harmony=harmony,
        scale=scale_pitches(params.key, params.scale, low, high),
        low=low,
        high=high,
        tonic_pc=KEYS[params.key],
        model=load_model(),
        rng=stream(params, "notes"),
        notes=[],
        bar_notes=[[] for _ in range(params.bars)],
    )
    reset_short_term(state)
    rhythm_rng = stream(params, "rhythm")
    learned = rhythm_model(state.model)
    rhythm_history: list[int] = []
    for bar in range(params.bars):
        phrase = phrase_of_bar(plan, bar)
        bar_plan = motifs[bar]
        if bar_plan.source is not None and restate_bar(state, bar, bar_plan):
            copied = restated_beats(state, bar_plan)
            if copied < meter.bar_beats:  # a varied restatement: the rest of the bar afresh
                rest = bar_events(
                    meter,
                    params.rhythm,
                    params.complexity,
                    params.syncopation,
                    rhythm_rng,
                    meter.pulses - round(copied / meter.pulse_beats),
                    learned,
                    rhythm_history,
                )
                shifted = [Event(e.start + copied, e.duration, e.rest) for e in rest]
                fresh_bar(state, bar, shifted, phrase)
            continue
        if bar == phrase.last_bar:
            events = cadence_events(
                meter,
                params.rhythm,
                params.complexity,
                params.syncopation,
                rhythm_rng,
                learned,
                rhythm_history,
            )
        else:
            events = bar_events(
                meter,
                params.rhythm,
                params.complexity,
                params.syncopation,
                rhythm_rng,
                None,
                learned,
                rhythm_history,
            )
        fresh_bar(state, bar, events, phrase)
    if variation:
        apply_variation(state, variation)
    notes = repair_copies(state)
    chords = tuple(slot.chord for slot in harmony)
    return Melody(params, tuple(notes), chords)
