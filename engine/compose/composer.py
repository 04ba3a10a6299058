"""Composition: parameters (and a seed) to a Melody with chords.

    compose(params, variation=0) -> Melody

The plan is made first and is fixed by the seed alone: phrases (engine.theory.phrases),
the chord progression (harmony) and which bars restate an earlier one (motifs: a
phrase form drawn from the forms counted in the tunes, tilted by `repetition`). Then
the melody is walked note by note from the joint model of pitch and duration
(engine.model.joint via note_walk): restated bars are copied (a varied one gets a new
ending from the walk), the rest is drawn under masks (scale, range, bar fill, no
8-token copy of a training tune) with the knobs as tilts (knob_bias); the last bar
ends on the tonic on a strong beat, held to the end. The chords are then fitted to
the melody (harmony_fit). A model file without the joint model falls back to the
earlier bar-by-bar composer (`legacy_bars`).

`variation > 0` keeps the plan, the chords, the opening bar (the main motif)
and every cadence, and walks the rest again from the same joint model under the
same masks, with the variation's own random streams (engine.compose.variation;
without a joint model, the earlier composer re-draws the melody on the same plan).
"""

from __future__ import annotations

import random

from engine.compose.contour import pitch_range
from engine.compose.drafts import (
    KNOB_TOLERANCE_SCALE,
    choose,
    draft_seeds,
    knob_measures,
    middle,
)
from engine.compose.harmony import progression, slot_at
from engine.compose.harmony_fit import fit_to_melody
from engine.compose.motifs import BarPlan, Forms, motif_plan, restate_bar, restated_beats
from engine.compose.note_walk import walk, walk_events
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
from engine.compose.variation import Kept, kept_notes, restart
from engine.melody import Melody, Note
from engine.model.joint import JointModel, phrase_part
from engine.model.melody_model import PitchModel, load_model
from engine.model.viewpoints import strength
from engine.params.melody import MelodyParams
from engine.theory.meters import METERS, Meter
from engine.theory.phrases import AUTHENTIC, Phrase, phrase_of_bar, phrase_plan
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


def legacy_bars(state: MelodyState, motifs: list[BarPlan]) -> None:
    """Bars the way they were made before the joint model: each bar's rhythm drawn apart
    from its pitches (used when the model file has no joint model)."""
    params, meter, plan = state.params, state.meter, state.plan
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


def final_start(meter: Meter) -> float:
    """Where the melody's final note (the tonic, to the end) starts in the last bar, in
    beats: mid-bar in 4/4 and 6/8, the downbeat in 2/4 and 3/4."""
    if meter.pulses >= 4 or (meter.pulses == 2 and meter.pulse_beats == 1.5):
        return (meter.pulses // 2) * meter.pulse_beats
    return 0.0


def final_tonic(state: MelodyState) -> int:
    """The tonic nearest the last note (within a leap of MAX_LEAP if one is)."""
    tonics = [p for p in state.scale if p % 12 == state.tonic_pc]
    last = state.notes[-1].pitch if state.notes else (state.low + state.high) // 2
    return min(tonics, key=lambda p: (abs(p - last), p))


def fill(
    state: MelodyState,
    joint: JointModel,
    bar: int,
    span: tuple[float, float],
    part: int,
    rhythm_rng: random.Random,
) -> None:
    """Beats `start` to `end` of a bar: durations from the model (standard rhythm) or from
    the rhythm pattern's cells, pitches from the model."""
    meter, params = state.meter, state.params
    start, end = span
    if params.rhythm == "standard":
        walk(state, joint, bar, start, end, part)
        return
    pulses = round((end - start) / meter.pulse_beats)
    events = bar_events(
        meter, params.rhythm, params.complexity, params.syncopation, rhythm_rng, pulses
    )
    walk_events(
        state, joint, bar, [Event(e.start + start, e.duration, e.rest) for e in events], part
    )


def next_bar_pitch(state: MelodyState, motifs: list[BarPlan], bar: int) -> int | None:
    """The pitch bar `bar + 1` will start on if it restates an earlier bar (its source's
    first pitch moved by the planned scale steps), else None."""
    if bar + 1 >= state.params.bars - 1:
        return None
    plan = motifs[bar + 1]
    if plan.source is None or plan.source > bar or not state.bar_notes[plan.source]:
        return None
    first = state.bar_notes[plan.source][0].pitch
    if first not in state.scale:
        return None
    index = state.scale.index(first) + plan.shift_hint
    return state.scale[index] if 0 <= index < len(state.scale) else None


def keep_bar(
    state: MelodyState,
    joint: JointModel,
    bar: int,
    kept: tuple[float, list[Note]],
    part: int,
    rhythm_rng: random.Random,
) -> None:
    """A variation's bar with kept notes: walked up to them (`kept[0]` beats), then them."""
    keep_from, notes = kept
    if keep_from > 0:
        fill(state, joint, bar, (0.0, keep_from), part, rhythm_rng)
    state.notes.extend(notes)
    state.bar_notes[bar].extend(notes)


def joint_bars(
    state: MelodyState,
    joint: JointModel,
    motifs: list[BarPlan],
    kept: Kept | None = None,
    variation: int = 0,
) -> None:
    """Bars from the joint model: restated bars copied (their new ending drawn), other bars
    walked note by note; the last bar ends on a long tonic on a strong beat. A variation
    (`variation` > 0) keeps the `kept` notes and walks up to them."""
    params, meter = state.params, state.meter
    rhythm_rng = stream(params, "rhythm", variation)
    for bar in range(params.bars):
        phrase = phrase_of_bar(state.plan, bar)
        part = phrase_part(bar, params.bars, phrase.first_bar, phrase.last_bar)
        bar_plan = motifs[bar]
        state.next_bar_pitch = next_bar_pitch(state, motifs, bar)
        if kept and bar in kept:
            keep_bar(state, joint, bar, kept[bar], part, rhythm_rng)
            continue
        if (
            bar != params.bars - 1
            and bar_plan.source is not None
            and restate_bar(state, bar, bar_plan)
        ):
            copied = restated_beats(state, bar_plan)
            if copied < meter.bar_beats:
                fill(state, joint, bar, (copied, meter.bar_beats), part, rhythm_rng)
            continue
        if bar < params.bars - 1:
            fill(state, joint, bar, (0.0, meter.bar_beats), part, rhythm_rng)
            continue
        start = final_start(meter)
        fill(state, joint, bar, (0.0, start), part, rhythm_rng)
        event = Event(start, meter.bar_beats - start)
        add_note(state, bar, final_tonic(state), event, bar * meter.bar_beats)


def learned_forms(model: PitchModel) -> Forms | None:
    """The phrase forms counted in the tunes, when the model file has them."""
    info = getattr(model, "info", None)
    forms = info.get("forms") if isinstance(info, dict) else None
    return forms if isinstance(forms, dict) else None


def compose(params: MelodyParams, variation: int = 0) -> Melody:
    """Compose a melody and its chords: of `params.drafts` drafts, the one the critic finds
    most like the tunes while its knob measures stay near the drafts' middle
    (engine.compose.drafts), or its variation `variation`; deterministic in params,
    seed and variation."""
    if params.drafts <= 1:
        return compose_draft(params.replace(drafts=1), variation)
    seed, chosen = pick_draft(params, params.drafts, None, KNOB_TOLERANCE_SCALE)
    if variation:
        chosen = compose_draft(params.replace(seed=seed, drafts=1), variation)
    return Melody(params, chosen.notes, chosen.chords, chosen.provenance)


def pick_draft(
    params: MelodyParams, count: int, goal: dict[str, float] | None, scale: float
) -> tuple[int, Melody]:
    """(seed, melody) of the draft the critic prefers among `count` drafts of `params`,
    less the penalty for knob measures beyond `scale` x the match tolerances of `goal`
    (None: the drafts' own middle); the first draft when the model file has no critic."""
    critic = load_model().critic
    if critic is None:
        return params.seed, compose_draft(params.replace(drafts=1))
    seeds = draft_seeds(params.seed, count)
    drafts = [compose_draft(params.replace(seed=seed, drafts=1)) for seed in seeds]
    found = [knob_measures(draft) for draft in drafts]
    scores = [critic.score(draft) for draft in drafts]
    best = choose(scores, found, goal or middle(found), scale)
    return seeds[best], drafts[best]


def compose_draft(params: MelodyParams, variation: int = 0) -> Melody:
    """One draft of a melody and its chords with `params.seed` (`params.drafts` unread)."""
    meter = METERS[params.time]
    plan = phrase_plan(params.bars)
    harmony = progression(params, plan, stream(params, "harmony"))
    model = load_model()
    motifs = motif_plan(params, plan, stream(params, "motifs"), learned_forms(model))
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
        model=model,
        rng=stream(params, "notes"),
        notes=[],
        bar_notes=[[] for _ in range(params.bars)],
    )
    reset_short_term(state)
    joint = state.model.joint
    if joint is not None:
        joint_bars(state, joint, motifs)
        state.harmony = fit_to_melody(params, plan, state.harmony, state.notes)
        if variation:
            kept = kept_notes(state)
            restart(state, variation)
            joint_bars(state, joint, motifs, kept, variation)
    else:
        if variation:
            restart(state, variation)
        legacy_bars(state, motifs)
    notes = repair_copies(state)
    chords = tuple(slot.chord for slot in state.harmony)
    return Melody(params, tuple(notes), chords)
