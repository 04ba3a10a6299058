"""Choosing a melody's pitches: the shared state of one composition and the pitch draw.

Each next pitch is drawn from the learned model's weights (engine.model),
sharpened or flattened by the complexity "temperature", pulled towards the
contour target (engine.contour), towards chord tones on strong beats
(engine.harmony), and never completing a run of 8 (interval, duration) tokens
found in a training tune (engine.originality). Pitches are MIDI numbers;
times are beats from the start of the melody.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from engine.compose.harmony import HarmonySlot, slot_at
from engine.compose.rhythm import Event, RhythmModel
from engine.melody import Note
from engine.model.joint_memory import TokenMemory
from engine.model.melody_model import PitchModel
from engine.model.originality import NGRAM, finish, hash_state, ngram_hash, token
from engine.model.short_term import ShortTermModel
from engine.model.viewpoints import mode_family, strength
from engine.params.melody import MelodyParams
from engine.theory.contours import shape_at
from engine.theory.meters import Meter
from engine.theory.phrases import Phrase

DOWNBEAT_VELOCITY, STRONG_VELOCITY, WEAK_VELOCITY = 100, 90, 78
# Weight of a chord tone on a strong beat vs a non-chord tone, at harmonic_density 0 and 100:
# a mild lean, so the melody outlines the chords without turning into arpeggios.
CHORD_TONE_BOOST_STRONG = (3.0, 5.0)
CHORD_TONE_BOOST_PULSE = (1.2, 1.6)  # ... on other pulses
# The contour's target heights, as shares of the range: its lowest and how far it climbs.
TARGET_LOW, TARGET_SPAN = 0.2, 0.6
MAX_LEAP = 9  # semitones: no leap wider than a major sixth (octave leaps are rare in the tunes)


@dataclass
class MelodyState:
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
    short_term: ShortTermModel | None = None  # the melody's own model, learned as it grows
    short_term_notes: int = 0  # how many of `notes` it has learned
    memory: TokenMemory = field(default_factory=TokenMemory)  # its own note tokens so far
    # MIDI pitch the next bar will start on (a restatement of an earlier bar), if known:
    # the bar's last note leads into it (engine.compose.note_walk.join_weights).
    next_bar_pitch: int | None = None


def reset_short_term(state: MelodyState) -> None:
    """Start the melody's own model afresh (when its notes are rebuilt)."""
    state.short_term = state.model.short_term(state.tonic_pc, mode_family(state.params.scale))
    state.short_term_notes = 0


def _learned_short_term(state: MelodyState) -> ShortTermModel | None:
    """The short-term model, after learning the notes added since it was last used."""
    if state.short_term is None:
        return None
    bar_beats = state.meter.bar_beats
    for note in state.notes[state.short_term_notes :]:
        state.short_term.learn(note.pitch, strength(state.meter, note.start % bar_beats))
    state.short_term_notes = len(state.notes)
    return state.short_term


def stream(params: MelodyParams, name: str, variation: int = 0) -> random.Random:
    """A named random stream: the same seed always gives the same stream (sha512 of the text)."""
    return random.Random(f"melodybot/{params.seed}/{name}/{variation}")


def rhythm_model(model: PitchModel) -> RhythmModel | None:
    """The model's learned rhythm cells, when it has them (the trained model does)."""
    # A model with `cell_probabilities` is a RhythmModel (a Protocol that hasattr checks).
    return model if hasattr(model, "cell_probabilities") else None  # type: ignore[return-value]


def velocity(strength: int) -> int:
    return (WEAK_VELOCITY, STRONG_VELOCITY, DOWNBEAT_VELOCITY)[strength]


def target_pitch(state: MelodyState, beat: float) -> float:
    """Contour target pitch at `beat` (MIDI number, fractional)."""
    span = state.high - state.low
    return state.low + span * (TARGET_LOW + TARGET_SPAN * shape_at(state.params, beat))


def banned_mask(state: MelodyState, candidates: list[int], duration: float) -> list[bool]:
    """For each candidate: would it complete a run of 8 tokens found in a training tune?"""
    if not len(state.model.banned_ngrams) or len(state.notes) < NGRAM:
        return [False] * len(candidates)
    recent = state.notes[-NGRAM:]
    prefix = hash_state(
        [token(recent[i].pitch - recent[i - 1].pitch, recent[i].duration) for i in range(1, NGRAM)]
    )
    last = recent[-1].pitch
    hashes = [finish(prefix, token(c - last, duration)) for c in candidates]
    return [bool(b) for b in state.model.banned_ngrams.contains_many(hashes)]


def choose_pitch(
    state: MelodyState,
    start: float,
    duration: float,
    beat_strength: int,
    fixed: list[int] | None = None,
) -> int:
    """Draw the next pitch from model weights shaped by contour, chord and complexity."""
    history = [n.pitch for n in state.notes[-8:]]
    candidates = fixed if fixed is not None else state.scale
    if history:
        candidates = [c for c in candidates if abs(c - history[-1]) <= MAX_LEAP] or candidates
    weights = state.model.pitch_weights(
        history,
        candidates,
        state.tonic_pc,
        mode_family(state.params.scale),
        beat_strength,
        _learned_short_term(state),
        duration,
    )
    chord = slot_at(state.harmony, start).pitch_classes
    target = target_pitch(state, start)
    sigma = max(4.0, (state.high - state.low) * 0.22)
    temperature = temperature_of(state.params.complexity)
    boost = chord_tone_boost(state.params.harmonic_density, beat_strength)
    banned = banned_mask(state, candidates, duration)
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


def temperature_of(complexity: int) -> float:
    """Sampling temperature of the model's pitch weights: below 1 keeps to what the tunes do
    most (steps, common degrees); complexity raises it towards rarer intervals."""
    return 0.6 + 0.3 * complexity / 100


def chord_tone_boost(harmonic_density: int, beat_strength: int) -> float:
    """Weight factor of a chord tone at `beat_strength` (0-2); denser harmony leans harder."""
    if beat_strength == 0:
        return 1.0
    low, high = CHORD_TONE_BOOST_STRONG if beat_strength == 2 else CHORD_TONE_BOOST_PULSE
    return low + (high - low) * harmonic_density / 100


def add_note(state: MelodyState, bar: int, pitch: int, event: Event, origin: float) -> None:
    note = Note(
        pitch, origin + event.start, event.duration, velocity(strength(state.meter, event.start))
    )
    state.notes.append(note)
    state.bar_notes[bar].append(note)


def repair_copies(state: MelodyState) -> list[Note]:
    """Nudge notes until no run of 8 tokens matches a training tune (rarely needed)."""
    notes = list(state.notes)
    banned = state.model.banned_ngrams
    if not len(banned):
        return notes
    for _ in range(200):
        seq = [
            token(notes[i].pitch - notes[i - 1].pitch, notes[i].duration)
            for i in range(1, len(notes))
        ]
        hit = next(
            (i for i in range(len(seq) - NGRAM + 1) if ngram_hash(seq[i : i + NGRAM]) in banned),
            None,
        )
        if hit is None:
            break
        # Token i belongs to note i+1; change an inner note of the run, never the last note.
        index = min(hit + 1 + state.rng.randrange(NGRAM - 1), len(notes) - 2)
        note = notes[index]
        position = state.scale.index(note.pitch) if note.pitch in state.scale else 0
        step = state.rng.choice((-1, 1))
        if not 0 <= position + step < len(state.scale):
            step = -step
        notes[index] = Note(state.scale[position + step], note.start, note.duration, note.velocity)
    return notes
