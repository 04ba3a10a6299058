"""Chords fitted to the finished melody, as a player harmonises a tune.

The progression (engine.compose.harmony) is drawn before the melody, so the melody
could only lean towards it. Once the notes are there, every free chord slot takes the
stable triad of the key that holds the most of the melody sounding over it (notes on
strong beats and pulses weigh more; the drawn chord wins ties). Fixed: the opening
chord, each phrase's cadence chord and the chord leading into it, and the rule that
every slot is a change from the one before and after it.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.compose.harmony import HarmonySlot, is_stable, triad, voicing
from engine.melody import Chord, Note
from engine.model.viewpoints import strength
from engine.params.melody import MelodyParams
from engine.theory.meters import METERS
from engine.theory.phrases import Phrase
from engine.theory.spelling import chord_symbol

STRENGTH_WEIGHT = (0.3, 1.0, 2.0)  # weight per beat of a note's onset strength 0, 1, 2
KEEP_BONUS = 0.25  # the drawn chord's edge over an equally fitting one


def fit_score(pitch_classes: frozenset[int], notes: Sequence[Note], params: MelodyParams) -> float:
    """How much of the melody over a slot is in a chord: weighted beats of chord tones."""
    meter = METERS[params.time]
    return sum(
        STRENGTH_WEIGHT[strength(meter, n.start % meter.bar_beats)] * n.duration
        for n in notes
        if n.pitch % 12 in pitch_classes
    )


def slot_with(params: MelodyParams, slot: HarmonySlot, degree: int) -> HarmonySlot:
    """`slot`'s time span with the triad on `degree`."""
    pcs = triad(params.key, params.scale, degree)
    symbol = chord_symbol(pcs, params.key, params.scale)
    chord = Chord(voicing(pcs), slot.start, slot.duration, symbol)
    return HarmonySlot(degree, slot.start, slot.duration, frozenset(pcs), chord)


def fit_to_melody(
    params: MelodyParams, plan: list[Phrase], harmony: list[HarmonySlot], notes: Sequence[Note]
) -> list[HarmonySlot]:
    """The progression with each free slot re-chosen to fit the melody over it."""
    bar_beats = METERS[params.time].bar_beats
    cadence_starts = {p.last_bar * bar_beats for p in plan}
    stable = [d for d in range(7) if is_stable(triad(params.key, params.scale, d))]
    slots = list(harmony)
    for index, slot in enumerate(slots):
        following = slots[index + 1] if index + 1 < len(slots) else None
        if index == 0 or slot.start in cadence_starts:
            continue
        if following is not None and following.start in cadence_starts:
            continue  # the cadence's approach (V-I, IV-I, pre-dominant) stays
        over = [n for n in notes if n.start < slot.start + slot.duration and n.end > slot.start]
        banned = {slots[index - 1].degree, following.degree if following else None}
        options = [d for d in stable if d not in banned]
        if not options or not over:
            continue
        best = max(
            options,
            key=lambda d: (
                fit_score(frozenset(triad(params.key, params.scale, d)), over, params)
                + (KEEP_BONUS if d == slot.degree else 0.0)
            ),
        )
        if best != slot.degree:
            slots[index] = slot_with(params, slot, best)
    return slots
