"""One measure per control: how strongly a melody shows each knob's effect.

Each function takes a Melody and returns a number (or a score per choice), so
tests and benchmarks can check that turning a knob up moves its measure up:

- complexity -> `complexity` (pitch entropy, rhythm entropy and note density)
- harmonic_density -> `chord_changes_per_bar`
- repetition -> `repeated_bar_share`; `recurring_pattern_share` (4-interval motifs)
- syncopation -> `syncopation` (Longuet-Higgins & Lee); `offbeat_onset_share` beside it
- range -> `pitch_span`
- contour -> `contour_fit` / `contour_signature` (correlation with each target shape)
- rhythm -> `rhythm_signature` (a score per rhythm pattern)

Times are in beats; pitches in MIDI numbers; entropies in bits.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Hashable, Iterable

import numpy as np

from engine.melody import Melody, Note
from engine.params.melody import CONTOURS, RHYTHMS
from engine.theory.contours import shape_at
from engine.theory.meters import metrical_levels, metrical_weight, note_syncopation
from engine.theory.scales import KEYS, SCALES

GRID = 1e-6  # tolerance when comparing positions in beats


def entropy(values: Iterable[Hashable]) -> float:
    """Shannon entropy in bits of the values' empirical distribution."""
    counts = Counter(values)
    total = sum(counts.values())
    return -sum(c / total * math.log2(c / total) for c in counts.values()) if total else 0.0


def pitch_entropy(melody: Melody) -> float:
    """Entropy in bits of the melody's pitches."""
    return entropy(n.pitch for n in melody.notes)


def rhythm_entropy(melody: Melody) -> float:
    """Entropy in bits of the note durations (in 1/12 beats)."""
    return entropy(round(n.duration * 12) for n in melody.notes)


def note_density(melody: Melody) -> float:
    """Notes per beat."""
    return len(melody.notes) / melody.total_beats


def complexity(melody: Melody) -> float:
    """Pitch entropy + rhythm entropy (bits) + notes per beat: all rise with complexity."""
    return pitch_entropy(melody) + rhythm_entropy(melody) + note_density(melody)


def chord_changes_per_bar(melody: Melody) -> float:
    """Chord changes (a new chord symbol) per bar; the opening chord is not a change."""
    symbols = [c.symbol or str(c.pitches) for c in melody.chords]
    changes = sum(1 for a, b in itertools.pairwise(symbols) if a != b)
    return changes / melody.params.bars


def _bars(melody: Melody) -> list[list[Note]]:
    bar_beats = melody.meter.bar_beats
    bars: list[list[Note]] = [[] for _ in range(melody.params.bars)]
    for n in melody.notes:
        index = int(n.start / bar_beats + GRID)
        if 0 <= index < len(bars):
            bars[index].append(n)
    return bars


def _bar_shapes(
    melody: Melody, notes: list[Note], bar: int
) -> tuple[tuple[tuple[float, float], ...], tuple[int, ...], tuple[int, ...]]:
    """A bar's rhythm, chromatic intervals and scale-step intervals."""
    origin = bar * melody.meter.bar_beats
    rhythm = tuple((round(n.start - origin, 4), round(n.duration, 4)) for n in notes)
    pitches = [n.pitch for n in notes]
    chromatic = tuple(b - a for a, b in itertools.pairwise(pitches))
    tonic, steps = KEYS[melody.params.key], SCALES[melody.params.scale]
    ladder = {p: i for i, p in enumerate(q for q in range(128) if (q - tonic) % 12 in steps)}
    if all(p in ladder for p in pitches):
        diatonic = tuple(ladder[b] - ladder[a] for a, b in itertools.pairwise(pitches))
    else:
        diatonic = chromatic
    return rhythm, chromatic, diatonic


def repeated_bar_share(melody: Melody) -> float:
    """Share of bars (after the first) repeating an earlier bar exactly or transposed.

    A repeat has the same rhythm and the same intervals, counted in semitones or
    in scale steps (a transposition inside the key).
    """
    bars = _bars(melody)
    seen_chromatic: set[tuple[object, ...]] = set()
    seen_diatonic: set[tuple[object, ...]] = set()
    repeats = candidates = 0
    for index, notes in enumerate(bars):
        if not notes:
            continue
        rhythm, chromatic, diatonic = _bar_shapes(melody, notes, index)
        if index > 0:
            candidates += 1
            if (rhythm, chromatic) in seen_chromatic or (rhythm, diatonic) in seen_diatonic:
                repeats += 1
        seen_chromatic.add((rhythm, chromatic))
        seen_diatonic.add((rhythm, diatonic))
    return repeats / candidates if candidates else 0.0


def recurring_pattern_share(melody: Melody, length: int = 4) -> float:
    """Share of the melody's runs of `length` intervals (semitones) that occur more than
    once in it: how much it restates its motifs, exactly, transposed or varied."""
    pitches = [n.pitch for n in melody.notes]
    intervals = [b - a for a, b in itertools.pairwise(pitches)]
    runs = [tuple(intervals[i : i + length]) for i in range(len(intervals) - length + 1)]
    counts = Counter(runs)
    return sum(1 for run in runs if counts[run] > 1) / len(runs) if runs else 0.0


def offbeat_onset_share(melody: Melody) -> float:
    """Share of note onsets that fall off the pulse (quarter; dotted quarter in 6/8)."""
    pulse = melody.meter.pulse_beats
    if not melody.notes:
        return 0.0
    off = sum(1 for n in melody.notes if abs(n.start / pulse - round(n.start / pulse)) > GRID)
    return off / len(melody.notes)


def syncopation(melody: Melody) -> float:
    """Longuet-Higgins & Lee (1984) syncopation per note.

    A note (or the rest after it) that sounds through a position metrically
    stronger than its own onset, with no new onset there, is syncopated by the
    difference of the two weights; the sum over the melody is divided by its
    notes. 0 means no syncopation at all; an anticipated beat scores 1-2.
    """
    notes = melody.notes
    if not notes:
        return 0.0
    total = 0
    for index, note in enumerate(notes):
        following = notes[index + 1].start if index + 1 < len(notes) else melody.total_beats
        total += note_syncopation(melody.meter, note.start, following)
    return total / len(notes)


def pitch_span(melody: Melody) -> int:
    """Highest minus lowest pitch, in semitones."""
    pitches = [n.pitch for n in melody.notes]
    return max(pitches) - min(pitches) if pitches else 0


def contour_fit(melody: Melody, contour: str | None = None) -> float:
    """Pearson correlation of the pitches with a contour's target shape (default: its own)."""
    if len(melody.notes) < 3:
        return 0.0
    pitches = np.array([n.pitch for n in melody.notes], dtype=float)
    target = np.array([shape_at(melody.params, n.start, contour) for n in melody.notes])
    if pitches.std() == 0 or target.std() == 0:
        return 0.0
    return float(np.corrcoef(pitches, target)[0, 1])


def contour_signature(melody: Melody) -> dict[str, float]:
    """`contour_fit` for every contour choice."""
    return {c: contour_fit(melody, c) for c in CONTOURS}


def _pulse_onsets(melody: Melody) -> list[tuple[tuple[float, ...], tuple[float, ...]]]:
    """Per pulse that starts a note: (onsets, durations) in fractions of the pulse."""
    pulse = melody.meter.pulse_beats
    groups: dict[int, list[Note]] = {}
    for n in melody.notes:
        groups.setdefault(int(n.start / pulse + GRID), []).append(n)
    return [
        (
            tuple(round(n.start / pulse - i, 3) for n in notes),
            tuple(round(n.duration / pulse, 3) for n in notes),
        )
        for i, notes in sorted(groups.items())
    ]


def rest_share(melody: Melody) -> float:
    """Share of the melody's time that is silent."""
    sounding = sum(n.duration for n in melody.notes)
    return max(0.0, 1 - sounding / melody.total_beats)


def rhythm_signature(melody: Melody) -> dict[str, float]:
    """A score per rhythm pattern; a melody scores highest on the pattern it was made with.

    - swing: share of pulses holding a long-short 2:1 pair
    - triplet: share of pulses split in three equal notes
    - dotted: share of successive note pairs in a 3:1 long-short ratio
    - sparse: share of the time that is silent (rests)
    - straight: share of bars with one even note value throughout (not triplets), no rests
    - standard: share of bars mixing plain note values (no rests, dotted pairs or triplets)
    """
    pulses = _pulse_onsets(melody)
    third = round(1 / 3, 3)
    two_thirds = round(2 / 3, 3)
    swing = sum(
        1
        for onsets, durations in pulses
        if onsets == (0.0, two_thirds)
        and durations[0] == two_thirds
        and abs(durations[1] - third) < 0.01
    )
    triplet = sum(1 for onsets, _ in pulses if onsets == (0.0, third, two_thirds))
    notes = melody.notes
    dotted = sum(
        1
        for a, b in itertools.pairwise(notes)
        if abs(a.duration - 3 * b.duration) < GRID and a.end == b.start
    )
    pulse = melody.meter.pulse_beats
    grid = pulse / 4 if pulse == 1.0 else pulse / 6  # sixteenths
    bars = _bars(melody)
    even_bars = mixed_bars = 0
    for bar_notes in bars:
        durations = {round(n.duration / pulse, 4) for n in bar_notes}
        filled = abs(sum(n.duration for n in bar_notes) - melody.meter.bar_beats) < GRID
        if len(durations) == 1 and filled:
            value = durations.pop()
            binary = value > 0 and math.log2(value).is_integer()
            even_bars += binary or melody.meter.pulse_beats == 1.5  # 6/8 divides in three
        elif filled and len(durations) > 1:
            on_grid = all(abs(n.start / grid - round(n.start / grid)) < GRID for n in bar_notes)
            has_dotted = any(
                abs(a.duration - 3 * b.duration) < GRID for a, b in itertools.pairwise(bar_notes)
            )
            mixed_bars += on_grid and not has_dotted
    return {
        "standard": mixed_bars / len(bars),
        "straight": even_bars / len(bars),
        "dotted": dotted / max(1, len(notes) - 1),
        "swing": swing / max(1, len(pulses)),
        "triplet": triplet / max(1, len(pulses)),
        "sparse": rest_share(melody),
    }


__all__ = [
    "CONTOURS",
    "RHYTHMS",
    "chord_changes_per_bar",
    "complexity",
    "contour_fit",
    "contour_signature",
    "entropy",
    "metrical_levels",
    "metrical_weight",
    "note_density",
    "offbeat_onset_share",
    "pitch_entropy",
    "pitch_span",
    "recurring_pattern_share",
    "repeated_bar_share",
    "rest_share",
    "rhythm_entropy",
    "rhythm_signature",
    "syncopation",
]
