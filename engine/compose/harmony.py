"""Chord progressions in the key: diatonic triads, a functional chord walk, cadences.

Chords are built by stacking thirds on the degrees of the scale's seven-note
"parent" (a pentatonic or blues scale borrows the seven-note scale it overlaps
most), so every chord tone belongs to the key. `harmonic_density` (0-100 %)
sets how many chord changes fall in each bar: from one per two bars to two per bar.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass

from engine.melody import Chord
from engine.params.melody import MelodyParams
from engine.theory.meters import METERS, Meter
from engine.theory.phrases import AUTHENTIC, Phrase
from engine.theory.scales import KEYS
from engine.theory.spelling import chord_symbol, parent_scale  # spelling lives there

TONIC, SUPERTONIC, MEDIANT, SUBDOMINANT, DOMINANT, SUBMEDIANT, LEADING = range(7)

# Functional chord walk (degree -> weighted next degrees), common-practice style.
# Weights are relative; a degree never follows itself so every slot is a change.
NEXT_DEGREE: dict[int, dict[int, float]] = {
    TONIC: {SUBDOMINANT: 3, DOMINANT: 3, SUBMEDIANT: 2.5, SUPERTONIC: 1.5, MEDIANT: 0.8},
    SUPERTONIC: {DOMINANT: 4, LEADING: 0.6, SUBDOMINANT: 0.8, TONIC: 0.4},
    MEDIANT: {SUBMEDIANT: 3, SUBDOMINANT: 2, SUPERTONIC: 0.8},
    SUBDOMINANT: {DOMINANT: 3.5, TONIC: 2, SUPERTONIC: 1.5, LEADING: 0.5},
    DOMINANT: {TONIC: 4, SUBMEDIANT: 1.5, SUBDOMINANT: 0.6},
    SUBMEDIANT: {SUBDOMINANT: 3, SUPERTONIC: 2.5, DOMINANT: 1.2, MEDIANT: 0.5},
    LEADING: {TONIC: 4, MEDIANT: 0.5},
}
CHORD_LOW = 48  # C3: chords are voiced from here up, under the melody
PRE_DOMINANTS = (SUBDOMINANT, SUPERTONIC, SUBMEDIANT)


@dataclass(frozen=True)
class HarmonySlot:
    """One chord of the progression: scale degree (0 = tonic) and time span in beats."""

    degree: int
    start: float
    duration: float
    pitch_classes: frozenset[int]
    chord: Chord


def triad(key: str, scale: str, degree: int) -> tuple[int, int, int]:
    """Pitch classes (root, third, fifth) of the triad on a degree of the parent scale."""
    steps = parent_scale(scale)
    tonic = KEYS[key]
    root, third, fifth = ((tonic + steps[(degree + k) % 7]) % 12 for k in (0, 2, 4))
    return root, third, fifth


def is_stable(pcs: tuple[int, int, int]) -> bool:
    """True for major and minor triads (not diminished or augmented)."""
    return (pcs[2] - pcs[0]) % 12 == 7


def voicing(pcs: tuple[int, int, int]) -> tuple[int, ...]:
    """Close root-position voicing from CHORD_LOW up (MIDI pitches)."""
    root = CHORD_LOW + (pcs[0] - CHORD_LOW) % 12
    pitches = [root]
    for pc in pcs[1:]:
        pitch = pitches[-1] + (pc - pitches[-1]) % 12
        pitches.append(pitch)
    return tuple(pitches)


def split_point(meter: Meter) -> float:
    """Where a bar's second chord starts, in beats: the middle strong pulse."""
    return (
        (meter.pulses // 2 + meter.pulses % 2) * meter.pulse_beats
        if meter.pulses > 1
        else meter.bar_beats / 2
    )


def changes_per_bar(harmonic_density: int) -> float:
    """Target chord changes per bar: 0.5 at 0 % up to 2 at 100 %."""
    return 0.5 + 1.5 * harmonic_density / 100


def chord_starts(params: MelodyParams, plan: list[Phrase], rng: random.Random) -> list[float]:
    """Chord start times in beats, spread evenly at the density's rate.

    Each phrase starts a chord; a phrase's last bar always holds a chord of its
    own (the cadence chord), with the penultimate harmony before it.
    """
    meter = METERS[params.time]
    bar_beats = meter.bar_beats
    rate = changes_per_bar(params.harmonic_density)
    half = split_point(meter)
    starts: set[float] = set()
    accumulator = rng.random()
    for phrase in plan:
        for bar in range(phrase.first_bar, phrase.last_bar + 1):
            accumulator += rate
            count = min(2, int(accumulator))
            accumulator -= count
            origin = bar * bar_beats
            if count >= 1 or bar == phrase.first_bar or bar == phrase.last_bar:
                starts.add(origin)
            if count >= 2 and bar != phrase.last_bar:  # the cadence chord holds its bar
                starts.add(origin + half)
    return sorted(starts)


def progression(params: MelodyParams, plan: list[Phrase], rng: random.Random) -> list[HarmonySlot]:
    """A chord progression for the whole melody, ending each phrase on its cadence."""
    meter = METERS[params.time]
    total = params.bars * meter.bar_beats
    starts = chord_starts(params, plan, rng)
    bar_of = [int(s // meter.bar_beats) for s in starts]
    degrees: list[int] = []
    stable = {d: is_stable(triad(params.key, params.scale, d)) for d in range(7)}
    for index, start in enumerate(starts):
        bar = bar_of[index]
        phrase = next(p for p in plan if p.first_bar <= bar <= p.last_bar)
        is_cadence = bar == phrase.last_bar and start == phrase.last_bar * meter.bar_beats
        next_is_cadence = (
            index + 1 < len(starts)
            and bar_of[index + 1] == phrase.last_bar
            and starts[index + 1] == phrase.last_bar * meter.bar_beats
        )
        previous = degrees[-1] if degrees else None
        if is_cadence:
            degree = TONIC if phrase.cadence == AUTHENTIC else DOMINANT
        elif next_is_cadence and phrase.cadence == AUTHENTIC:
            # V -> I; IV -> I (plagal) where V would repeat or the melody would open on V.
            degree = SUBDOMINANT if index == 0 or previous == DOMINANT else DOMINANT
        elif next_is_cadence:
            choices = (
                [d for d in PRE_DOMINANTS if d != previous and stable[d]] if index else [TONIC]
            )
            degree = rng.choice(choices or [d for d in PRE_DOMINANTS if d != previous])
        elif index == 0 or (start == phrase.first_bar * meter.bar_beats and previous != TONIC):
            degree = TONIC
        else:
            options = NEXT_DEGREE[previous if previous is not None else TONIC]
            # Diminished and augmented triads sound unstable held for a bar: avoid them.
            options = {d: w for d, w in options.items() if stable[d]} or options
            degree = rng.choices(list(options), weights=list(options.values()))[0]
        degrees.append(degree)
    slots: list[HarmonySlot] = []
    for index, (start, degree) in enumerate(zip(starts, degrees, strict=True)):
        end = starts[index + 1] if index + 1 < len(starts) else total
        pcs = triad(params.key, params.scale, degree)
        chord = Chord(voicing(pcs), start, end - start, chord_symbol(pcs, params.key, params.scale))
        slots.append(HarmonySlot(degree, start, end - start, frozenset(pcs), chord))
    return slots


def slot_at(slots: list[HarmonySlot], beat: float) -> HarmonySlot:
    """The chord sounding at `beat` (beats from the start)."""
    index = bisect.bisect_right(slots, beat + 1e-9, key=lambda slot: slot.start) - 1
    return slots[max(index, 0)]
