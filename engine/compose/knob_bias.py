"""Knobs as small log-linear tilts of the joint model's next-note distribution.

Every function returns multiplicative weights (>= 0) over the candidates of one step:
the model's probabilities are multiplied by them and renormalised, so at middle
settings the model speaks for itself and each knob moves it one way, monotonically.

- complexity: a sharper (below 1) or plain sampling temperature, and a tilt towards
  shorter durations (more notes per beat) as it rises, applied so that the moves keep
  their shares (`keep_step_share`), and towards leaps above 50;
- syncopation: notes whose onset is weaker than a position they sound through
  (Longuet-Higgins & Lee, engine.theory.meters.note_syncopation) weighed down at low
  settings (almost none at 0) and up at high ones;
- contour: a soft pull of the pitch towards the contour's target height;
- harmonic_density: chord tones of the (denser) progression on strong beats.

The walk's calibration (how the line keeps moving, learned from the tunes) is not a
knob: it is engine.compose.motion_tilt.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from engine.model.joint import DURATION_UNITS, DURATIONS, GRID, STEP_LIMIT
from engine.theory.meters import Meter, note_syncopation

SYNCOPATION_NEUTRAL = 20  # the default knob setting: the model's own syncopation
SYNCOPATION_FLOOR = math.log(0.004)  # log-weight per LHL unit at syncopation 0
SYNCOPATION_CEILING = 3.0  # log-weight per LHL unit at syncopation 100
# Weight of a chord tone on a strong beat (downbeat, mid-bar) at harmonic_density 0 and 100,
# and on other pulses: a lean, so the melody outlines the chords without arpeggios.
CHORD_TONE_STRONG = (3.0, 5.0)
CHORD_TONE_PULSE = (1.1, 1.4)
TEMPERATURES = (0.95, 1.0)  # at complexity 0 and 100
# Log-weight per halving of the duration at complexity 0 (minus) and 100 (0 at 50): the
# upper half reaches the sixteenth-note runs of the busiest tunes (game items match them).
DURATION_SLOPES = (2.5, 2.0)
SIMPLE_RHYTHM = 1.0  # log-weight of repeating the previous note value, at complexity 0
STEP_SLOPE = 0.25  # log-weight per scale step of a move's size at complexity 100 (0 up to 50)
# Width of the contour pull (semitones): 5 up to two octaves of range, then 0.375 more per
# semitone of range beyond the first octave, so a wide (3-octave) range is used: at a
# fixed 5 its melodies spanned 17.6 semitones, hardly more than medium's 16.4.
CONTOUR_SIGMA_MIN = 5.0
CONTOUR_SIGMA_GROWTH = 0.375


def temperature(complexity: int) -> float:
    """Sampling temperature (at most 1: never fighting the model), rising with complexity."""
    low, high = TEMPERATURES
    return low + (high - low) * complexity / 100


@functools.lru_cache(maxsize=4096)
def duration_tilt(complexity: int, previous: float | None) -> np.ndarray:
    """Weight per duration class (1 at 50): shorter notes as complexity rises, longer ones
    as it falls; and the previous note's value again (`previous`, beats) below 50, a
    change of value above it, so a simple melody keeps to few note values."""
    octaves = np.log2(np.asarray(DURATIONS))
    slope = DURATION_SLOPES[complexity > 50] * (complexity - 50) / 50
    result: np.ndarray = np.exp(-slope * octaves)
    if previous is not None:
        same = np.isclose(DURATIONS, previous)
        result = result * np.where(same, math.exp(SIMPLE_RHYTHM * (1 - complexity / 50)), 1.0)
    return result


def keep_step_share(weights: np.ndarray, tilt: np.ndarray) -> np.ndarray:
    """`weights` (scale step x duration class) with each duration column multiplied by
    `tilt`, then each step row scaled back to its share before the tilt.

    Why: in the tunes, long notes go with repeated notes (and short ones with steps),
    so tilting durations alone would bring drones at low complexity and scale runs at
    high complexity; this way complexity changes the rhythm and leaves the moves as
    the model (and the other knobs) weigh them."""
    before = weights.sum(axis=1)
    tilted = weights * tilt[None, :]
    after = tilted.sum(axis=1)
    scale = np.divide(before, after, out=np.zeros_like(before), where=after > 0)
    result: np.ndarray = tilted * scale[:, None]
    return result


def step_tilt(complexity: int) -> np.ndarray:
    """Weight per scale-step move (-STEP_LIMIT..STEP_LIMIT): leaps, the rarer moves,
    favoured as complexity rises above 50; 1 at 50 and below (holding leaps back there
    only made repeated notes: 0.20 of the moves at complexity 0 against the tunes' 0.12
    in slow tunes, and narrower melodies)."""
    # Repeats and steps are equally plain: only leaps (2 steps and more) are tilted.
    leaps = np.clip(np.abs(np.arange(-STEP_LIMIT, STEP_LIMIT + 1)) - 1, 0, 3)
    result: np.ndarray = np.exp(STEP_SLOPE * max(0, complexity - 50) / 50 * leaps)
    return result


def syncopation_slope(syncopation: int) -> float:
    """Log-weight per unit of LHL syncopation: very negative at 0, 0 at the default,
    positive at 100 (piecewise linear, so monotonic)."""
    if syncopation <= SYNCOPATION_NEUTRAL:
        return SYNCOPATION_FLOOR * (1 - syncopation / SYNCOPATION_NEUTRAL)
    return SYNCOPATION_CEILING * (syncopation - SYNCOPATION_NEUTRAL) / (100 - SYNCOPATION_NEUTRAL)


@functools.lru_cache(maxsize=512)
def syncopation_scores(meter: Meter, position: int) -> np.ndarray:
    """LHL syncopation of a note at `position` (twelfths of a beat into the bar) for each
    duration class, as if the next onset followed it directly."""
    start = position / GRID
    return np.array(
        [note_syncopation(meter, start, start + units / GRID) for units in DURATION_UNITS],
        dtype=np.float64,
    )


def syncopation_tilt(meter: Meter, position: int, syncopation: int) -> np.ndarray:
    """Weight per duration class of a note starting at `position` (twelfths of a beat)."""
    return np.exp(syncopation_slope(syncopation) * syncopation_scores(meter, position))


def contour_pull(pitches: np.ndarray, target: float, span: int) -> np.ndarray:
    """Weight per candidate pitch: a wide Gaussian around the contour's target (MIDI);
    `span` is the range in semitones."""
    sigma = max(CONTOUR_SIGMA_MIN, CONTOUR_SIGMA_GROWTH * (span - 12))
    result: np.ndarray = np.exp(-((pitches - target) ** 2) / (2 * sigma**2))
    return result


def chord_lean(
    pitches: np.ndarray, chord: frozenset[int], beat_strength: int, harmonic_density: int
) -> np.ndarray:
    """Weight per candidate pitch: chord tones favoured on strong beats and pulses."""
    if beat_strength == 0:
        return np.ones(len(pitches))
    low, high = CHORD_TONE_STRONG if beat_strength == 2 else CHORD_TONE_PULSE
    boost = low + (high - low) * harmonic_density / 100
    classes = np.zeros(12, dtype=bool)
    classes[list(chord)] = True
    return np.where(classes[pitches % 12], boost, 1.0)
