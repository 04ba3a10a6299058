"""Motifs: which bars restate an earlier bar (the `repetition` control), and restating one.

A restatement copies an earlier bar's rhythm and its melodic shape, moved by
whole scale steps (so it stays in the key), choosing the move that best fits
the chords on strong beats and the contour.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from engine.compose.harmony import slot_at
from engine.compose.pitch_choice import MAX_LEAP, MelodyState, add_note, target_pitch
from engine.compose.rhythm import Event
from engine.melody import Note
from engine.model.viewpoints import strength
from engine.params.melody import MelodyParams
from engine.theory.phrases import Phrase


@dataclass(frozen=True)
class BarPlan:
    """How a bar is made: fresh, or restating bar `source` moved `shift` scale steps
    (`strict`: a phrase restated as a whole keeps its pitches unless they cannot fit;
    `varied`: only the bar's first half is restated, the rest is made afresh, as tunes
    vary a repeated strain)."""

    source: int | None = None
    shift_hint: int = 0
    strict: bool = False
    varied: bool = False


# Phrase forms of folk tunes by number of phrases: each letter names a phrase; a letter seen
# before restates that phrase (all but its cadence bar). Weights are relative. The trained
# model file carries the forms counted in the tunes (scripts/train_joint.py); this table is
# the fallback without it.
PHRASE_FORMS: dict[int, tuple[tuple[str, float], ...]] = {
    2: (("AA", 3.0), ("AB", 1.0)),
    3: (("AAB", 2.0), ("ABA", 2.0), ("ABC", 0.5)),
    4: (("AABA", 3.0), ("ABAC", 3.0), ("AABB", 2.0), ("ABAB", 1.5), ("ABCD", 0.5)),
}
# Log-weight per restated phrase of a form at repetition 100 (minus at 0): `repetition`
# tilts the learned form frequencies towards the forms that restate more.
FORM_TILT = 1.5
Forms = dict[str, dict[str, int]]


def restated_phrases(form: str) -> int:
    """How many phrases of a form restate an earlier one."""
    return sum(1 for i, letter in enumerate(form) if letter in form[:i])


def form_table(phrases: int, learned: Forms | None) -> tuple[tuple[str, float], ...]:
    """(form, weight) pairs for `phrases` phrases: learned from the tunes when given."""
    counted = (learned or {}).get(str(phrases))
    if counted:
        return tuple((form, float(count)) for form, count in counted.items())
    return PHRASE_FORMS[phrases]


def phrase_form(
    phrases: int, rng: random.Random, repetition: int = 50, learned: Forms | None = None
) -> str:
    """A form for `phrases` phrases, drawn from the (learned) form frequencies tilted by
    `repetition` (0-100) towards forms that restate more; long melodies repeat 4-phrase
    forms strain by strain (AABA ABAC ...)."""
    if phrases <= 1:
        return "A"
    if phrases in PHRASE_FORMS:
        table = form_table(phrases, learned)
        tilt = FORM_TILT * (repetition - 50) / 50
        weights = [w * math.exp(tilt * restated_phrases(f)) for f, w in table]
        return rng.choices([f for f, _ in table], weights=weights)[0]
    form = ""
    while len(form) < phrases:
        form += phrase_form(min(4, phrases - len(form)), rng, repetition, learned)
    return form[:phrases]


def motif_plan(
    params: MelodyParams, plan: list[Phrase], rng: random.Random, forms: Forms | None = None
) -> list[BarPlan]:
    """Which bars restate an earlier bar; more of them exactly as `repetition` (0-100 %) rises.

    A phrase form (PHRASE_FORMS) says which phrases restate an earlier one (more
    often as repetition rises); such a phrase restates it bar by bar, all but its
    cadence bar. Inside a 4-bar phrase the third bar often restates the first (a b
    a' c). A restatement is exact with a chance rising with repetition, else varied
    (the bar's first half kept, the rest new), so at repetition 0 no bar repeats
    exactly yet motifs still return. Other bars may restate the opening motif, the
    same bar of the previous phrase, or the previous bar a step away (a sequence).
    Cadence bars (a phrase's last) are always fresh.
    """
    chance = params.repetition / 100
    form = phrase_form(len(plan), rng, params.repetition, forms)
    bars: list[BarPlan] = [BarPlan() for _ in range(params.bars)]
    cadence_bars = {p.last_bar for p in plan}
    for index, phrase in enumerate(plan):
        source = form.index(form[index])
        restated = source < index
        for bar in range(phrase.first_bar, phrase.last_bar + 1):
            offset = bar - phrase.first_bar
            if bar == 0 or bar in cadence_bars:
                continue
            if restated and offset < plan[source].bars - 1:
                # Restated exactly with a chance rising with repetition, else varied.
                varied = rng.random() >= min(1.0, 1.2 * chance)
                bars[bar] = BarPlan(plan[source].first_bar + offset, 0, strict=True, varied=varied)
                continue
            if offset == 2 and phrase.bars == 4 and rng.random() < 0.7 + 0.3 * chance:
                # Bar form a b a' c inside a phrase, as folk tunes go: varied unless repeating.
                varied = rng.random() >= min(1.0, 1.2 * chance)
                bars[bar] = BarPlan(phrase.first_bar, 0, strict=True, varied=varied)
                continue
            if rng.random() >= 0.3 + 0.5 * chance:
                continue
            varied = rng.random() >= min(1.0, 1.2 * chance)
            options: list[BarPlan] = [BarPlan(0, 0, varied=varied)]
            if index > 0 and plan[index - 1].first_bar + offset < plan[index - 1].last_bar:
                options += [BarPlan(plan[index - 1].first_bar + offset, 0, varied=varied)] * 2
            if bar - 1 not in cadence_bars:
                options.append(BarPlan(bar - 1, rng.choice((-1, 1)), varied=varied))
            bars[bar] = rng.choice(options)
    return bars


def restated_beats(state: MelodyState, bar_plan: BarPlan) -> float:
    """How many beats of the source bar a restatement copies: all, or when varied all
    but its last pulse (half of a two-pulse bar), so the motif returns with a new end."""
    if not bar_plan.varied or state.meter.pulses < 2:
        return state.meter.bar_beats
    return max(1, state.meter.pulses - 1) * state.meter.pulse_beats


def restate_bar(state: MelodyState, bar: int, bar_plan: BarPlan) -> bool:
    """Copy bar `bar_plan.source` here (its first `restated_beats`), moved by whole scale
    steps; False if it cannot fit."""
    if bar_plan.source is None:
        return False
    source_origin = bar_plan.source * state.meter.bar_beats
    until = source_origin + restated_beats(state, bar_plan)
    source = [n for n in state.bar_notes[bar_plan.source] if n.start < until - 1e-9]
    if not source:
        return False
    if source[-1].end > until + 1e-9:  # a note across the middle: it ends there
        last = source[-1]
        source[-1] = Note(last.pitch, last.start, until - last.start, last.velocity)
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
        score = 0.0 if shift == bar_plan.shift_hint else (-6.0 if bar_plan.strict else -3.0)
        if state.notes and abs(pitches[0] - state.notes[-1].pitch) > MAX_LEAP:
            continue
        for note, pitch in zip(source, pitches, strict=True):
            start = origin + note.start - source_origin
            if strength(state.meter, note.start - source_origin) == 2:
                score += 1.5 if pitch % 12 in slot_at(state.harmony, start).pitch_classes else -1
        score -= abs(sum(pitches) / len(pitches) - target_pitch(state, origin)) / 6
        if state.notes:  # folk tunes join their restatements by step more than by leap
            score -= max(0, abs(pitches[0] - state.notes[-1].pitch) - 4) / 3
        if best is None or score > best[0]:
            best = (score, pitches)
    if best is None:
        return False
    for note, pitch in zip(source, best[1], strict=True):
        event = Event(note.start - source_origin, note.duration)
        add_note(state, bar, pitch, event, origin)
    return True
