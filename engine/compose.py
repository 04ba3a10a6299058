"""Composition: parameters (and a seed) to a Melody with chords.

    compose(params, variation=0) -> Melody

The plan is made first and is fixed by the seed alone: phrases (engine.phrases),
the chord progression (engine.harmony) and which bars restate an earlier
motif. Then each bar gets a rhythm (engine.rhythm) and pitches: a learned
model (engine.model) weighs each next pitch, and the weights are shaped by the
contour target (engine.contour), by chord tones on strong beats, and by the
complexity "temperature". Phrase ends cadence; the melody ends on the tonic.
No run of 8 (interval, duration) tokens of a training tune is ever copied.

`variation > 0` keeps the plan, the chords, the opening bar (the main motif)
and every cadence; elsewhere it keeps the pitch sounding on each pulse and
re-draws the rhythm inside the beats, with passing and neighbour tones.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from engine.contour import pitch_range, shape_at
from engine.harmony import HarmonySlot, progression, slot_at
from engine.melody import Melody, Note
from engine.model import PitchModel, load_model
from engine.originality import NGRAM, finish, hash_state, ngram_hash, token
from engine.params import MelodyParams
from engine.phrases import AUTHENTIC, Phrase, phrase_of_bar, phrase_plan
from engine.rhythm import Event, bar_events, cadence_events
from engine.theory import KEYS, METERS, Meter, scale_pitches
from engine.viewpoints import mode_family, strength

DOWNBEAT_VELOCITY, STRONG_VELOCITY, WEAK_VELOCITY = 100, 90, 78
CHORD_TONE_BOOST_STRONG = 8.0  # weight of a chord tone on a strong beat vs a non-chord tone
CHORD_TONE_BOOST_PULSE = 2.0  # ... on other pulses
MAX_LEAP = 12  # semitones: no leap wider than an octave


@dataclass(frozen=True)
class BarPlan:
    """How a bar is made: fresh, or restating bar `source` moved `shift` scale steps."""

    source: int | None = None
    shift_hint: int = 0


@dataclass
class _State:
    """Everything one composition run shares; pitches and notes grow as bars are made."""

    params: MelodyParams
    meter: Meter
    plan: list[Phrase]
    harmony: list[HarmonySlot]
    scale: list[int]  # allowed pitches, ascending
    low: int
    high: int
    tonic_pc: int
    model: PitchModel
    rng: random.Random
    notes: list[Note]
    bar_notes: list[list[Note]]


def _stream(params: MelodyParams, name: str, variation: int = 0) -> random.Random:
    """A named random stream: the same seed always gives the same stream (sha512 of the text)."""
    return random.Random(f"melodybot/{params.seed}/{name}/{variation}")


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


def _velocity(strength: int) -> int:
    return (WEAK_VELOCITY, STRONG_VELOCITY, DOWNBEAT_VELOCITY)[strength]


def _target(state: _State, beat: float) -> float:
    """Contour target pitch at `beat` (MIDI number, fractional)."""
    span = state.high - state.low
    return state.low + span * (0.12 + 0.76 * shape_at(state.params, beat))


def _banned_mask(state: _State, candidates: list[int], duration: float) -> list[bool]:
    """For each candidate: would it complete a run of 8 tokens found in a training tune?"""
    if not len(state.model.banned_ngrams) or len(state.notes) < NGRAM:
        return [False] * len(candidates)
    recent = state.notes[-NGRAM:]
    prefix = hash_state([token(recent[i].pitch - recent[i - 1].pitch, recent[i].duration)
                         for i in range(1, NGRAM)])
    last = recent[-1].pitch
    hashes = [finish(prefix, token(c - last, duration)) for c in candidates]
    return state.model.banned_ngrams.contains_many(hashes).tolist()


def _choose_pitch(state: _State, start: float, duration: float, beat_strength: int,
                  fixed: list[int] | None = None) -> int:
    """Draw the next pitch from model weights shaped by contour, chord and complexity."""
    history = [n.pitch for n in state.notes[-8:]]
    candidates = fixed if fixed is not None else state.scale
    if history:
        candidates = [c for c in candidates if abs(c - history[-1]) <= MAX_LEAP] or candidates
    weights = state.model.pitch_weights(history, candidates, state.tonic_pc,
                                        mode_family(state.params.scale), beat_strength)
    chord = slot_at(state.harmony, start).pitch_classes
    target = _target(state, start)
    sigma = max(2.5, (state.high - state.low) * 0.16)
    temperature = 0.6 + 0.9 * state.params.complexity / 100
    boost = (1.0, CHORD_TONE_BOOST_PULSE, CHORD_TONE_BOOST_STRONG)[beat_strength]
    banned = _banned_mask(state, candidates, duration)
    shaped: list[float] = []
    for candidate, weight, copied in zip(candidates, weights, banned, strict=True):
        w = max(weight, 1e-12) ** (1 / temperature)
        w *= math.exp(-((candidate - target) ** 2) / (2 * sigma**2))
        if candidate % 12 in chord:
            w *= boost
        shaped.append(0.0 if copied else w)
    if sum(shaped) <= 0:
        shaped = [0.0 if copied else 1.0 for copied in banned]
        if sum(shaped) <= 0:
            shaped = [1.0] * len(candidates)
    return state.rng.choices(candidates, weights=shaped)[0]


def _cadence_pitches(state: _State, phrase: Phrase, start: float) -> list[int]:
    """Pitches a phrase may end on: the tonic (authentic) or a dominant-chord tone (half)."""
    if phrase.cadence == AUTHENTIC:
        return [p for p in state.scale if p % 12 == state.tonic_pc]
    chord = slot_at(state.harmony, start).pitch_classes
    return [p for p in state.scale if p % 12 in chord] or state.scale


def _add_note(state: _State, bar: int, pitch: int, event: Event, origin: float) -> None:
    note = Note(pitch, origin + event.start, event.duration,
                _velocity(strength(state.meter, event.start)))
    state.notes.append(note)
    state.bar_notes[bar].append(note)


def _fresh_bar(state: _State, bar: int, events: list[Event], phrase: Phrase) -> None:
    origin = bar * state.meter.bar_beats
    last_event = max((i for i, e in enumerate(events) if not e.rest), default=-1)
    for index, event in enumerate(events):
        if event.rest:
            continue
        start = origin + event.start
        beat_strength = strength(state.meter, event.start)
        fixed = None
        if bar == phrase.last_bar and index == last_event:
            fixed = _cadence_pitches(state, phrase, start)
        pitch = _choose_pitch(state, start, event.duration, beat_strength, fixed)
        _add_note(state, bar, pitch, event, origin)


def _restated_bar(state: _State, bar: int, bar_plan: BarPlan) -> bool:
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
        score -= abs(sum(pitches) / len(pitches) - _target(state, origin)) / 6
        if best is None or score > best[0]:
            best = (score, pitches)
    if best is None:
        return False
    for note, pitch in zip(source, best[1], strict=True):
        event = Event(note.start - source_origin, note.duration)
        _add_note(state, bar, pitch, event, origin)
    return True


def _repair_copies(state: _State) -> list[Note]:
    """Nudge notes until no run of 8 tokens matches a training tune (rarely needed)."""
    notes = list(state.notes)
    banned = state.model.banned_ngrams
    if not len(banned):
        return notes
    for _ in range(200):
        seq = [token(notes[i].pitch - notes[i - 1].pitch, notes[i].duration)
               for i in range(1, len(notes))]
        hit = next((i for i in range(len(seq) - NGRAM + 1)
                    if ngram_hash(seq[i:i + NGRAM]) in banned), None)
        if hit is None:
            break
        # Token i belongs to note i+1; change an inner note of the run, never the last note.
        index = min(hit + 1 + state.rng.randrange(NGRAM - 1), len(notes) - 2)
        note = notes[index]
        position = state.scale.index(note.pitch) if note.pitch in state.scale else 0
        step = state.rng.choice((-1, 1))
        if not 0 <= position + step < len(state.scale):
            step = -step
        notes[index] = Note(state.scale[position + step], note.start, note.duration,
                            note.velocity)
    return notes


def _vary_bar(state: _State, bar: int, original: list[Note], rng: random.Random,
              keep_from: float) -> None:
    """Re-draw a bar's rhythm inside the beats, keeping the original pitch on every pulse.

    Notes from `keep_from` beats into the bar on (a cadence) are kept as they were.

    Notes on a pulse take the pitch the original sounded there; notes between
    pulses become passing tones (between two pulse pitches) or neighbour tones.
    """
    params, meter = state.params, state.meter
    origin = bar * meter.bar_beats
    pulses = round(keep_from / meter.pulse_beats)
    events = bar_events(meter, params.rhythm, params.complexity, params.syncopation, rng,
                        pulses) if pulses else []
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
            following = [e for e in events[position + 1:] if not e.rest]
            goal = sounding(origin + following[0].start) if following else previous
            low, high = sorted((index_of.get(previous, 0), index_of.get(goal, 0)))
            between = state.scale[low + 1:high]
            if not between:  # neighbour tones around the previous pitch
                here = index_of.get(previous, 0)
                between = [state.scale[i] for i in (here - 1, here + 1)
                           if 0 <= i < len(state.scale)]
            fixed = between
        pitch = _choose_pitch(state, start, event.duration, beat_strength, fixed)
        _add_note(state, bar, pitch, event, origin)
    kept = [n for n in original if n.start >= origin + keep_from - 1e-9]
    state.notes.extend(kept)
    state.bar_notes[bar].extend(kept)


def compose(params: MelodyParams, variation: int = 0) -> Melody:
    """Compose a melody and its chords; deterministic in params, seed and variation."""
    meter = METERS[params.time]
    plan = phrase_plan(params.bars)
    harmony = progression(params, plan, _stream(params, "harmony"))
    motifs = motif_plan(params, plan, _stream(params, "motifs"))
    low, high = pitch_range(params)
    state = _State(
        params=params, meter=meter, plan=plan, harmony=harmony,
        scale=scale_pitches(params.key, params.scale, low, high), low=low, high=high,
        tonic_pc=KEYS[params.key], model=load_model(),
        rng=_stream(params, "notes"), notes=[], bar_notes=[[] for _ in range(params.bars)],
    )
    rhythm_rng = _stream(params, "rhythm")
    for bar in range(params.bars):
        phrase = phrase_of_bar(plan, bar)
        bar_plan = motifs[bar]
        if bar_plan.source is not None and _restated_bar(state, bar, bar_plan):
            continue
        if bar == phrase.last_bar:
            events = cadence_events(meter, params.rhythm, params.complexity,
                                    params.syncopation, rhythm_rng)
        else:
            events = bar_events(meter, params.rhythm, params.complexity, params.syncopation,
                                rhythm_rng)
        _fresh_bar(state, bar, events, phrase)
    if variation:
        _apply_variation(state, variation)
    notes = _repair_copies(state)
    chords = tuple(slot.chord for slot in harmony)
    return Melody(params, tuple(notes), chords)


def _apply_variation(state: _State, variation: int) -> None:
    """Vary every bar but the opening motif; cadence bars keep their final note."""
    cadence_bars = {p.last_bar for p in state.plan}
    meter = state.meter
    original = state.bar_notes
    state.notes, state.bar_notes = [], [[] for _ in original]
    state.rng = _stream(state.params, "notes", variation)
    rng = _stream(state.params, "rhythm", variation)
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
            _vary_bar(state, bar, notes, rng, keep_from)
