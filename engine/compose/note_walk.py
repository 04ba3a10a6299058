"""The note walk: pitch and duration drawn together from the joint model, under masks.

At each step every (scale step, duration) token of engine.model.joint is a
candidate. Masks remove what may not happen: a pitch outside the scale or the
range, or a leap wider than MAX_LEAP; a duration that crosses the segment's end or
leaves a gap no note values can fill; a token that would complete a run of 8
(interval, duration) tokens of a training tune (engine.model.originality). The
knobs tilt what is left (engine.compose.knob_bias); then one token is drawn.
Times are beats; positions inside a bar are twelfths of a beat (joint.GRID).
"""

from __future__ import annotations

import functools
import itertools

import numpy as np

from engine.compose import knob_bias
from engine.compose.degree_tilt import degree_weights
from engine.compose.harmony import slot_at
from engine.compose.ladder import Ladder, ladder_for
from engine.compose.motion_tilt import RUN_BUCKETS, motion_weights
from engine.compose.pitch_choice import MelodyState, add_note, target_pitch
from engine.compose.rhythm import Event
from engine.melody import Note
from engine.model.joint import (
    COARSE_ORDER,
    DURATION_UNITS,
    DURATIONS,
    GRID,
    STEP_LIMIT,
    STEP_SYMBOLS,
    JointModel,
    coarse_condition,
    context_tokens,
    duration_symbol,
    fine_condition,
    step_of,
    token_of,
)
from engine.model.joint_memory import MEMORY_ORDER
from engine.model.originality import NGRAM, finish_many, hash_state, token
from engine.model.viewpoints import mode_family, strength

STEPS = np.arange(-STEP_LIMIT, STEP_LIMIT + 1)
# Widest leap in semitones: an octave, as the tunes have them; the model says how rarely.
WALK_MAX_LEAP = 12


@functools.cache
def fillable(units: int) -> bool:
    """Can `units` twelfths of a beat be filled with the model's note values?"""
    if units == 0:
        return True
    return any(d <= units and fillable(units - d) for d in DURATION_UNITS)


@functools.lru_cache(maxsize=64)
def scale_mask(scale: tuple[int, ...]) -> np.ndarray:
    """Which MIDI pitches (0-127) are among the allowed ones."""
    mask = np.zeros(128, dtype=bool)
    mask[list(scale)] = True
    return mask


@functools.lru_cache(maxsize=4096)
def allowed_durations(room: int, forced: float | None) -> np.ndarray:
    """Mask over duration classes: fits `room` twelfths and leaves a fillable rest of the
    segment; only `forced` (beats) when a rhythm is given."""
    if forced is not None:
        only: np.ndarray = np.arange(len(DURATIONS)) == duration_symbol(forced)
        return only
    return np.array([u <= room and fillable(room - u) for u in DURATION_UNITS])


def history(state: MelodyState) -> tuple[tuple[int, ...], int]:
    """Context tokens of the melody so far and the ladder index of its last pitch."""
    ladder = ladder_for(state.params.key, state.params.scale)
    recent = state.notes[-(COARSE_ORDER + 1) :]
    indices = [ladder.index_of(n.pitch) for n in recent]
    steps = [b - a for a, b in itertools.pairwise(indices)]
    durations = [n.duration for n in recent[1:]]
    return context_tokens(steps, durations), indices[-1]


def note_token(ladder: Ladder, before: Note, note: Note) -> int | None:
    """The joint token of `note` after `before` (None for a move wider than an octave)."""
    step = ladder.index_of(note.pitch) - ladder.index_of(before.pitch)
    return token_of(step, duration_symbol(note.duration)) if abs(step) <= STEP_LIMIT else None


def remember(state: MelodyState, ladder: Ladder) -> None:
    """Teach the melody's memory the notes added since it last learned."""
    memory, notes = state.memory, state.notes
    for index in range(max(memory.learned, 1), len(notes)):
        recent = [
            note_token(ladder, notes[k - 1], notes[k])
            for k in range(max(1, index - MEMORY_ORDER), index + 1)
        ]
        context: list[int] = []
        for earlier in recent[:-1]:
            context = [] if earlier is None else [*context, earlier]
        # Repeated notes are left to the long-term model: remembered, they feed on
        # themselves into drones.
        if recent[-1] is not None and step_of(recent[-1]) != 0:
            memory.learn(tuple(context), recent[-1])
    memory.learned = len(notes)


def opening_index(state: MelodyState) -> int:
    """Ladder index of the tonic nearest the contour's starting height: the first note
    moves from there (the model learned which degree tunes start on)."""
    ladder = ladder_for(state.params.key, state.params.scale)
    target = target_pitch(state, 0.0)
    tonics = [p for p in ladder.pitches if p % 12 == state.tonic_pc]
    return ladder.index[int(min(tonics, key=lambda p: abs(p - target)))]


def originality_mask(
    state: MelodyState, pitches: np.ndarray, ok: np.ndarray, forced: float | None
) -> np.ndarray:
    """`ok` without the tokens that would complete a training tune's 8-token run (a
    `forced` duration, in beats, is hashed as it is, not as its class)."""
    banned = state.model.banned_ngrams
    if not len(banned) or len(state.notes) < NGRAM:
        return ok
    recent = state.notes[-NGRAM:]
    prefix = hash_state(
        [token(recent[i].pitch - recent[i - 1].pitch, recent[i].duration) for i in range(1, NGRAM)]
    )
    last = recent[-1].pitch
    rows, cols = np.nonzero(ok)
    durations = np.full(len(cols), forced) if forced else np.asarray(DURATIONS)[cols]
    hashes = finish_many(prefix, pitches[rows] - last, durations)
    hit = banned.contains_many(hashes)
    result = ok.copy()
    result[rows[hit], cols[hit]] = False
    return result


def join_weights(
    state: MelodyState, joint: JointModel, indices: np.ndarray, target: int, part: int
) -> np.ndarray:
    """Weight per candidate (ladder indices) of a bar's last note: the model's chance of
    the move from it to `target` (MIDI), the next bar's first pitch, on the downbeat.

    Why: a restated bar is copied, not walked, so without this the join into it is
    left to chance; the tunes step across the bar line far more often than they leap
    (0.65 steps at the bar line in the human pool, 0.39 in restated AI melodies)."""
    ladder = ladder_for(state.params.key, state.params.scale)
    params, family = state.params, mode_family(state.params.scale)
    moves = ladder.index_of(target) - indices
    result = np.zeros(len(indices))
    for row, (index, move) in enumerate(zip(indices, moves, strict=True)):
        if abs(move) > STEP_LIMIT:
            continue
        following = joint.predict(
            (),
            coarse_condition(params.time, 0),
            fine_condition(params.time, 0, part, family, ladder.degree(int(index))),
        ).reshape(STEP_SYMBOLS, len(DURATIONS))
        result[row] = following[move + STEP_LIMIT].sum()
    return result


def lead_into_next_bar(
    state: MelodyState,
    joint: JointModel,
    weights: np.ndarray,
    indices: np.ndarray,
    room: int,
    part: int,
) -> np.ndarray:
    """`weights` with the tokens that end the bar (duration = `room` twelfths) reweighed
    by `join_weights`, keeping their total (the rhythm stays the model's)."""
    target = state.next_bar_pitch
    ends = np.asarray(DURATION_UNITS) == room
    if target is None or not ends.any():
        return weights
    column = weights[:, ends]
    joined = column * join_weights(state, joint, indices, target, part)[:, None]
    if joined.sum() <= 0:
        return weights
    result = weights.copy()
    result[:, ends] = joined * (column.sum() / joined.sum())
    return result


def draw_note(
    state: MelodyState,
    joint: JointModel,
    bar: int,
    position: int,
    room: int,
    part: int,
    forced: float | None = None,
) -> tuple[int, float]:
    """Draw the next (pitch, duration in beats) at `position` (twelfths of a beat into the
    bar) with `room` twelfths left in the segment."""
    params, meter = state.params, state.meter
    ladder = ladder_for(state.params.key, state.params.scale)
    if state.notes:
        context, last_index = history(state)
        last = state.notes[-1].pitch
    else:
        context, last_index = (), opening_index(state)
        last = int(ladder.pitches[last_index])
    indices = np.clip(last_index + STEPS, 0, len(ladder.pitches) - 1)
    pitches = ladder.pitches[indices]
    in_scale = scale_mask(tuple(state.scale))[pitches]
    pitch_ok = (
        in_scale & (np.abs(pitches - last) <= WALK_MAX_LEAP) & (indices == last_index + STEPS)
    )
    durations_ok = allowed_durations(room, forced)
    family = mode_family(params.scale)
    remember(state, ladder)
    # A given rhythm (a pattern's cells) may put notes where the tunes seldom do (swing,
    # triplets): the model is asked at the nearest sixteenth, for any duration there.
    heard = position if forced is None else round(position / 3) * 3
    long_term = joint.predict(
        context,
        coarse_condition(params.time, heard),
        fine_condition(params.time, heard, part, family, ladder.degree(last_index)),
    )
    distribution = state.memory.mix(context, long_term).reshape(STEP_SYMBOLS, len(DURATIONS))
    weights = distribution ** (1 / knob_bias.temperature(params.complexity))
    beat = bar * meter.bar_beats + position / GRID
    beat_strength = strength(meter, position / GRID)
    chord = slot_at(state.harmony, beat).pitch_classes
    pitch_weights = knob_bias.contour_pull(
        pitches, target_pitch(state, beat), state.high - state.low
    ) * knob_bias.chord_lean(pitches, chord, beat_strength, params.harmonic_density)
    pitch_weights = pitch_weights * knob_bias.step_tilt(params.complexity)
    if state.model.motion_tilt is not None:
        recent = [n.pitch for n in state.notes[-(RUN_BUCKETS + 1) :]]
        pitch_weights = pitch_weights * motion_weights(state.model.motion_tilt, recent, pitches)
    if state.model.degree_tilt is not None:
        degrees = (indices - ladder.tonic_offset) % 7
        pitch_weights = pitch_weights * degree_weights(
            state.model.degree_tilt, family, beat_strength, degrees
        )
    ok = originality_mask(state, pitches, pitch_ok[:, None] & durations_ok[None, :], forced)
    if not ok.any():  # every token copies a tune: keep the fit, let repair_copies fix it
        ok = pitch_ok[:, None] & durations_ok[None, :]
    if not ok.any():  # the scale has no pitch in reach: any in-range pitch
        ok = in_scale[:, None] & durations_ok[None, :]
    if forced is not None:
        moves: np.ndarray = np.where(ok.any(axis=1), weights.sum(axis=1) * pitch_weights, 0.0)
        if moves.sum() <= 0:
            moves = np.asarray(ok.any(axis=1), dtype=np.float64)
        row = state.rng.choices(range(len(moves)), weights=moves.tolist())[0]
        return int(pitches[row]), forced
    previous = state.notes[-1].duration if state.notes else None
    weights = (
        weights
        * pitch_weights[:, None]
        * knob_bias.syncopation_tilt(meter, position, params.syncopation)[None, :]
    )
    weights = knob_bias.keep_step_share(
        np.where(ok, weights, 0.0), knob_bias.duration_tilt(params.complexity, previous)
    )
    weights = lead_into_next_bar(state, joint, weights, indices, room, part)
    flat = weights.ravel()
    if flat.sum() <= 0:
        flat = ok.ravel().astype(np.float64)
    choice = state.rng.choices(range(len(flat)), weights=flat.tolist())[0]
    row, column = divmod(choice, len(DURATIONS))
    return int(pitches[row]), DURATIONS[column]


def walk(
    state: MelodyState, joint: JointModel, bar: int, start: float, end: float, part: int
) -> None:
    """Fill beats `start` to `end` of a bar (from its start) with notes drawn jointly."""
    origin = bar * state.meter.bar_beats
    position, stop = round(start * GRID), round(end * GRID)
    while position < stop:
        pitch, duration = draw_note(state, joint, bar, position, stop - position, part)
        add_note(state, bar, pitch, Event(position / GRID, duration), origin)
        position += round(duration * GRID)


def walk_events(
    state: MelodyState, joint: JointModel, bar: int, events: list[Event], part: int
) -> None:
    """Give a given rhythm (events from the bar's start; rests skipped) its pitches."""
    origin = bar * state.meter.bar_beats
    for event in events:
        if event.rest:
            continue
        position = round(event.start * GRID)
        pitch, _ = draw_note(
            state, joint, bar, position, round(event.duration * GRID), part, event.duration
        )
        add_note(state, bar, pitch, event, origin)
