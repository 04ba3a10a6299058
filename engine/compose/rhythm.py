"""Bar rhythms from the `rhythm`, `complexity` and `syncopation` controls.

A bar is filled pulse by pulse with rhythm cells. Cells are written in pulses
(a quarter note in 2/4, 3/4 and 4/4; a dotted quarter in 6/8), so one table
serves simple and compound meters. The pattern picks which cells may appear;
complexity sets the note density the cells are drawn towards; syncopation
favours cells with off-beat onsets and moves notes ahead of the beat
(anticipations). The `standard` pattern draws cells from a model learned from
the training tunes (which cell follows which, at each pulse of the bar) when
one is given, else from a hand-set mix.
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from engine.model.rhythm_cells import COMPOUND_CELLS, SIMPLE_CELLS, Cell
from engine.theory.meters import Meter


@dataclass(frozen=True)
class Event:
    """A note or rest inside a bar: start and duration in beats from the bar's start."""

    start: float
    duration: float
    rest: bool = False


PATTERN_CELLS: dict[str, tuple[dict[str, float], dict[str, float]]] = {
    "standard": (
        {
            "q": 4,
            "ee": 4,
            "h": 1.5,
            "dotted_q": 1.2,
            "dotted": 0.8,
            "ess": 1,
            "sse": 1,
            "ssss": 0.7,
            "eqe": 1,
            "rest_e": 0.5,
            "ses": 0.4,
            "triplet": 0.25,
        },
        {
            "q.": 3,
            "qe": 4,
            "eee": 4,
            "h.": 1.2,
            "eq": 0.8,
            "dotted": 0.6,
            "ssee": 0.6,
            "rest_ee": 0.4,
        },
    ),
    "straight": ({"q": 1, "ee": 1, "ssss": 1, "h": 1}, {"q.": 1, "eee": 1, "h.": 1}),
    "dotted": (
        {"dotted": 5, "dotted_q": 4, "q": 0.6, "ee": 0.3, "h": 0.3, "eqe": 0.3, "rest_e": 0.2},
        {"dotted": 5, "qe": 1, "q.": 0.6, "h.": 0.3, "eq": 0.3},
    ),
    "swing": (
        {"swing": 6, "q": 0.8, "h": 0.3, "rest_e": 0.2},
        {"qe": 6, "q.": 0.8, "h.": 0.3, "rest_ee": 0.2},
    ),
    "triplet": ({"triplet": 6, "q": 0.7, "h": 0.3}, {"eee": 6, "q.": 0.6, "h.": 0.3}),
    "sparse": (
        {"h": 3, "q_rest": 3, "rest_q": 1.5, "q": 2, "ee": 0.6, "rest_e": 0.6},
        {"h.": 3, "q_rest": 3, "rest_q": 1.5, "q.": 2, "qe": 0.6, "rest_ee": 0.4},
    ),
}
# Straight rhythm keeps one even subdivision through each bar.
BAR_UNIFORM = frozenset({"straight"})


def cells_for(meter: Meter) -> dict[str, Cell]:
    """The cell table for the meter's pulse (simple or compound)."""
    return COMPOUND_CELLS if meter.pulse_beats == 1.5 else SIMPLE_CELLS


LEARNED = "learned"  # the standard pattern with weights from a RhythmModel
POSITIONS = 8  # pulse positions in a bar the rhythm model tells apart
# The cell reader sees onsets only, so a note held into a pulse reads as a rest cell:
# the learned rest share is too high, and folk tunes barely rest inside a phrase.
REST_DAMPING = 0.05
# Weight of syncopated cells at syncopation 0 (of their learned weight): almost none.
SYNCOPATION_FLOOR = 0.02


class RhythmModel(Protocol):
    """A learned model of which rhythm cell comes next."""

    def cell_probabilities(
        self, history: tuple[int, ...], position: int, *, compound: bool
    ) -> Sequence[float]:
        """Probability of each cell (in `cells_for` order) at pulse `position` of the bar."""
        ...


def is_compound(meter: Meter) -> bool:
    return meter.pulse_beats == 1.5


def match_cells(
    onsets_by_pulse: Sequence[tuple[float, ...]], *, compound: bool
) -> list[tuple[int, int]]:
    """Read a tune's pulses as cells: (first pulse, cell index) for each; unknown pulses get
    index len(table). Onsets are in pulses from each pulse's start (3 decimals)."""
    table = list((COMPOUND_CELLS if compound else SIMPLE_CELLS).values())
    other = len(table)
    found: list[tuple[int, int]] = []
    pulse = 0
    while pulse < len(onsets_by_pulse):
        for index, cell in enumerate(table):  # two-pulse cells first, then table order
            span = tuple(onsets_by_pulse[pulse : pulse + cell.pulses])
            if cell.pulses == 2 and span == cell.onsets_by_pulse:
                found.append((pulse, index))
                pulse += 2
                break
        else:
            here = onsets_by_pulse[pulse]
            match = next(
                (i for i, c in enumerate(table) if c.pulses == 1 and c.onsets_by_pulse == (here,)),
                other,
            )
            found.append((pulse, match))
            pulse += 1
    return found


def target_density(complexity: int) -> float:
    """Notes per pulse the cells are drawn towards: 1 at complexity 0 up to 3.6 at 100
    (2.3 at the default 50: the running eighths and sixteenths of most folk tunes)."""
    return 1.0 + 2.6 * complexity / 100


@functools.lru_cache(maxsize=4096)
def cell_weights(
    meter: Meter, pattern: str, complexity: int, syncopation: int, room: int
) -> tuple[tuple[Cell, ...], tuple[float, ...]]:
    """Cells that fit in `room` pulses, with weights from pattern, complexity and syncopation."""
    table = cells_for(meter)
    if pattern == LEARNED:
        base = dict.fromkeys(table, 1.0)
    else:
        base = PATTERN_CELLS[pattern][1 if meter.pulse_beats == 1.5 else 0]
    density = target_density(complexity)
    spread = {"standard": 0.45, "straight": 0.45, LEARNED: 0.75}.get(pattern, 0.9)
    sync = syncopation / 100
    cells: list[Cell] = []
    weights: list[float] = []
    for name, weight in base.items():
        cell = table[name]
        if cell.pulses > room:
            continue
        weight *= math.exp(-((cell.notes_per_pulse - density) ** 2) / (2 * spread**2))
        if cell.syncopated:
            weight *= 0.02 + 6 * sync
        cells.append(cell)
        weights.append(weight)
    return tuple(cells), tuple(weights)


def bar_events(
    meter: Meter,
    pattern: str,
    complexity: int,
    syncopation: int,
    rng: random.Random,
    pulses: int | None = None,
    learned: RhythmModel | None = None,
    history: list[int] | None = None,
) -> list[Event]:
    """Events filling the first `pulses` pulses of a bar (the whole bar by default).

    With `learned` (used for the standard pattern) cells are weighed by the
    model given `history`, the cell indices so far, which this call extends.
    """
    total = meter.pulses if pulses is None else pulses
    events: list[Event] = []
    position = 0
    uniform: Cell | None = None
    model = learned if pattern == "standard" else None
    history = history if history is not None else []
    index_of = {name: i for i, name in enumerate(cells_for(meter))}
    while position < total:
        table, base = cell_weights(
            meter, LEARNED if model else pattern, complexity, syncopation, total - position
        )
        cells, weights = list(table), list(base)
        if model is not None:
            probabilities = model.cell_probabilities(
                tuple(history[-3:]), min(position, POSITIONS - 1), compound=is_compound(meter)
            )
            # Folk tunes rarely syncopate, so the knob adds its own share to those cells.
            lift = 0.08 * syncopation / 100
            # Complexity flattens the learned preferences (a "temperature"): more variety.
            sharpness = 1 / (0.4 + 1.2 * complexity / 100)
            weights = [
                w
                * (probabilities[index_of[c.name]] + 0.002 + lift * c.syncopated) ** sharpness
                * (REST_DAMPING if c.has_rest else 1.0)
                * (SYNCOPATION_FLOOR + 4 * syncopation / 100 if c.syncopated else 1.0)
                for c, w in zip(cells, weights, strict=True)
            ]
        if pattern in BAR_UNIFORM and uniform is not None and uniform.pulses <= total - position:
            cell = uniform
        else:
            cell = rng.choices(cells, weights=weights)[0]
            uniform = cell
        history.append(index_of[cell.name])
        for offset, duration, rest in cell.events:
            events.append(
                Event((position + offset) * meter.pulse_beats, duration * meter.pulse_beats, rest)
            )
        position += cell.pulses
    return anticipate(events, meter, syncopation, rng)


def anticipate(
    events: list[Event], meter: Meter, syncopation: int, rng: random.Random
) -> list[Event]:
    """Move some on-pulse notes ahead of the pulse, taking time from a long note before them.

    The bar's downbeat is never moved, so bars keep their shape for repetition.
    """
    shift = meter.pulse_beats / (3 if meter.pulse_beats == 1.5 else 2)
    chance = syncopation / 100
    result = list(events)
    for index in range(1, len(result)):
        event, before = result[index], result[index - 1]
        on_pulse = abs(event.start / meter.pulse_beats - round(event.start / meter.pulse_beats))
        if event.rest or before.rest or on_pulse > 1e-6 or before.duration < 2 * shift - 1e-9:
            continue
        if rng.random() < chance:
            result[index - 1] = Event(before.start, before.duration - shift)
            result[index] = Event(event.start - shift, event.duration + shift)
    return result


def cadence_events(
    meter: Meter,
    pattern: str,
    complexity: int,
    syncopation: int,
    rng: random.Random,
    learned: RhythmModel | None = None,
    history: list[int] | None = None,
) -> list[Event]:
    """A phrase-ending bar: some motion, then a long note on a strong beat to the bar's end.

    In 4/4 and 6/8 the long note starts at the middle of the bar; in 2/4 and 3/4
    (and at low complexity) it takes the whole bar.
    """
    if meter.pulses >= 4 or (meter.pulses == 2 and meter.pulse_beats == 1.5):
        lead = meter.pulses // 2
        if complexity >= 20 or rng.random() < 0.5:
            events = bar_events(
                meter, pattern, complexity, min(syncopation, 30), rng, lead, learned, history
            )
            return [
                *events,
                Event(lead * meter.pulse_beats, meter.bar_beats - lead * meter.pulse_beats),
            ]
    return [Event(0.0, meter.bar_beats)]
