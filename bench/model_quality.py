"""Model quality: 10-fold cross-validated cross-entropy (bits per note, chromatic pitch)
on the 213 German nursery songs of the Essen collection (music21 `essenFolksong/kinder0.abc`),
beside Pearce (2005), Table 6.6: IDyOM's best model 2.106 bits; Conklin & Witten emulation ~2.9.

    .venv/bin/python bench/model_quality.py

The same PPM machinery as the shipped model (engine.ppm, engine.viewpoints):
long-term models trained on nine folds and a short-term model that learns each
song as it is heard, over the viewpoints chromatic pitch, interval and scale
degree, blended like IDyOM (interpolated smoothing, weighted geometric mean).
The Essen data is read for this benchmark only (non-commercial licence): never
shipped, never trained into the shipped model. Needs music21 (development only).
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _engine_results import write_block

from engine.model.ppm import COMBINE_BIAS, ESCAPE, Counts, combine, predict
from engine.model.short_term import SHORT_TERM_BIAS, SHORT_TERM_ORDER
from engine.model.viewpoints import (
    DEGREE_ALPHABET,
    INTERVAL_ALPHABET,
    INTERVAL_LIMIT,
    degree_condition,
    degree_symbol,
    family_of_mode,
    interval_condition,
    interval_symbol,
    interval_symbols,
)
from engine.theory.scales import KEYS
from scripts.corpus import Tune, tunes_in_file
from scripts.train_model import note_strengths

ESSEN_FILE = "essenFolksong/kinder0.abc"
CACHE = Path.home() / ".cache" / "melodybot" / "essen-kinder0.json"
FOLDS = 10
PUBLISHED = {
    "IDyOM best (Pearce 2005, Table 6.6)": 2.106,
    "Conklin & Witten (1995) emulation, mean": 2.9,
}
TARGET = 2.1


@dataclass(frozen=True)
class Config:
    """Model settings under test."""

    ltm_order: int = 5
    stm_order: int = 10
    ltm_escape: str = ESCAPE
    stm_escape: str = "X"
    exclusion: bool = True
    bias: float = COMBINE_BIAS
    viewpoints: tuple[str, ...] = ("cpitch", "cpint", "degree")
    short_term: bool = True
    stm_bias: float | None = None  # bias of the long/short-term combination (None: `bias`)


def load_essen() -> list[Tune]:
    """The 213 songs, parsed once and cached as JSON (the parse takes ~20 s)."""
    if CACHE.exists():
        return [
            Tune(**{**t, "notes": tuple(tuple(n) for n in t["notes"])})
            for t in json.loads(CACHE.read_text())
        ]
    tunes = list(tunes_in_file(ESSEN_FILE, "essen-kinder", supported_only=False))
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_text(json.dumps([asdict(t) for t in tunes]))
    return tunes


@dataclass
class Song:
    """A song as the viewpoint symbols the models see."""

    pitches: list[int]
    strengths: list[int]
    interval_conditions: list[int]  # beat strength x duration class (engine.viewpoints)
    tonic: int
    family: int


def song_of(tune: Tune) -> Song:
    return Song(
        [p for p, _, _ in tune.notes],
        note_strengths(tune),
        [
            interval_condition(s, d)
            for s, (_, _, d) in zip(note_strengths(tune), tune.notes, strict=True)
        ],
        KEYS[tune.key],
        family_of_mode(tune.scale),
    )


class Models:
    """One PPM store per viewpoint (long-term, or a fresh short-term one per song)."""

    def __init__(self, order: int, *, exclusion: bool) -> None:
        self.cpitch = Counts(128, order, exclusion)
        self.cpint = Counts(INTERVAL_ALPHABET, order, exclusion)
        self.degree = Counts(DEGREE_ALPHABET, order, exclusion)

    def learn(self, song: Song, i: int) -> None:
        """Count note i of the song (its predecessors are the context)."""
        p = song.pitches
        self.cpitch.add(p[max(0, i - self.cpitch.order) : i], p[i])
        if i > 0:
            ints = interval_symbols(p[max(0, i - self.cpint.order - 1) : i + 1])
            self.cpint.add(ints[:-1], ints[-1], song.interval_conditions[i])
        degrees = [degree_symbol(x, song.tonic) for x in p[max(0, i - self.degree.order) : i + 1]]
        self.degree.add(degrees[:-1], degrees[-1], degree_condition(song.family, song.strengths[i]))

    def distributions(
        self, song: Song, i: int, domain: np.ndarray, escape: str, viewpoints: tuple[str, ...]
    ) -> list[np.ndarray]:
        """Each viewpoint's prediction of note i, as a distribution over the pitch domain."""
        p = song.pitches
        result = []
        if "cpitch" in viewpoints:
            dist = predict(self.cpitch, p[max(0, i - self.cpitch.order) : i], 0, escape=escape)
            result.append(dist[domain])
        if "cpint" in viewpoints and i > 0:
            history = p[max(0, i - self.cpint.order - 1) : i]
            context = interval_symbols(history)
            dist = predict(self.cpint, context, song.interval_conditions[i], escape=escape)
            steps = domain - p[i - 1]
            wide = np.abs(steps) > INTERVAL_LIMIT
            values = dist[[interval_symbol(int(s)) for s in steps]]
            values = np.where(wide, values / max(1, int(wide.sum())), values)
            result.append(values)
        if "degree" in viewpoints:
            context = [degree_symbol(x, song.tonic) for x in p[max(0, i - self.degree.order) : i]]
            dist = predict(
                self.degree,
                context,
                degree_condition(song.family, song.strengths[i]),
                escape=escape,
            )
            classes = (domain - song.tonic) % 12
            multiplicity = np.bincount(classes, minlength=12)[classes]
            result.append(dist[classes] / multiplicity)
        return [d / d.sum() for d in result]


def cross_entropy(songs: list[Song], config: Config) -> tuple[float, float, int]:
    """Mean bits per note over all notes, mean per song, and the number of notes."""
    domain = np.array(sorted({p for s in songs for p in s.pitches}))
    index_of = {int(p): i for i, p in enumerate(domain)}
    bits: list[float] = []
    per_song: list[float] = []
    for fold in range(FOLDS):
        train = [s for k, s in enumerate(songs) if k % FOLDS != fold]
        test = [s for k, s in enumerate(songs) if k % FOLDS == fold]
        ltm = Models(config.ltm_order, exclusion=config.exclusion)
        for song in train:
            for i in range(len(song.pitches)):
                ltm.learn(song, i)
        for song in test:
            stm = Models(config.stm_order, exclusion=config.exclusion)
            song_bits = []
            for i, pitch in enumerate(song.pitches):
                long_term = combine(
                    ltm.distributions(song, i, domain, config.ltm_escape, config.viewpoints),
                    config.bias,
                )
                short_term = combine(
                    stm.distributions(song, i, domain, config.stm_escape, config.viewpoints),
                    config.bias,
                )
                stm_bias = config.bias if config.stm_bias is None else config.stm_bias
                final = (
                    combine([long_term, short_term], stm_bias) if config.short_term else long_term
                )
                song_bits.append(-math.log2(final[index_of[pitch]]))
                stm.learn(song, i)
            bits.extend(song_bits)
            per_song.append(statistics.fmean(song_bits))
    return statistics.fmean(bits), statistics.fmean(per_song), len(bits)


def joint_cross_entropy(tunes: list[Tune]) -> tuple[float, float, int]:
    """The composer's joint model (engine.model.joint) under the same 10 folds: bits per
    note of the whole (scale step, duration) token, and of the scale step given the
    note's duration (chromatic notes count as the scale note below; not comparable
    one-to-one with the chromatic figures above)."""
    from engine.model.joint import DURATIONS, STEP_SYMBOLS
    from scripts.train_joint import note_rows, train_joint, usable

    tunes = [t for t in tunes if usable(t)]
    token_bits: list[float] = []
    step_bits: list[float] = []
    for fold in range(FOLDS):
        model = train_joint([t for k, t in enumerate(tunes) if k % FOLDS != fold])
        for tune in (t for k, t in enumerate(tunes) if k % FOLDS == fold):
            history: list[int] = []
            for token, coarse, fine in note_rows(tune):
                if token is None:
                    history = []
                    continue
                predicted = model.predict(tuple(history), coarse, fine)
                column = predicted.reshape(STEP_SYMBOLS, len(DURATIONS))[:, token % len(DURATIONS)]
                token_bits.append(-math.log2(predicted[token]))
                step_bits.append(-math.log2(column[token // len(DURATIONS)] / column.sum()))
                history.append(token)
    return statistics.fmean(token_bits), statistics.fmean(step_bits), len(token_bits)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bias", type=float, default=Config.bias)
    parser.add_argument("--ltm-order", type=int, default=Config.ltm_order)
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    args = parser.parse_args()
    config = Config(bias=args.bias, ltm_order=args.ltm_order)
    started = time.perf_counter()
    songs = [song_of(t) for t in load_essen() if t.key in KEYS]
    per_note, per_song, notes = cross_entropy(songs, config)
    seconds = time.perf_counter() - started
    # The composer's own set-up (engine.model): interval and degree, long-term order 5,
    # short-term order 6, long/short-term combined with entropy weighting.
    generator = Config(
        viewpoints=("cpint", "degree"), stm_order=SHORT_TERM_ORDER, stm_bias=SHORT_TERM_BIAS
    )
    generator_bits, generator_song, _ = cross_entropy(songs, generator)
    print(f"composer set-up (interval + degree, LTM+STM): {generator_bits:.3f} bits/note")
    joint_token, joint_step, joint_notes = joint_cross_entropy(load_essen())
    print(f"joint model: {joint_token:.3f} bits/token, {joint_step:.3f} bits/step given duration")
    print(f"{len(songs)} songs, {notes} notes, {FOLDS}-fold CV, {config}")
    print(
        f"cross-entropy: {per_note:.3f} bits/note (mean over songs {per_song:.3f}) "
        f"in {seconds:.0f} s"
    )
    for name, value in PUBLISHED.items():
        print(f"  {name}: {value}")
    print(f"target ≤ {TARGET}: {'met' if per_note <= TARGET else 'missed'}")
    if not args.no_write:
        write_block(
            "model_quality",
            [
                f"Model quality ({time.strftime('%Y-%m-%d', time.gmtime())}, "
                f"{platform.machine()} {platform.python_implementation()} "
                f"{platform.python_version()}): 10-fold CV on Essen kinder0 "
                f"({len(songs)} songs, {notes} notes), chromatic pitch",
                "",
                "| model | bits/note |",
                "|---|---|",
                f"| melodybot PPM (LTM+STM; cpitch, cpint, degree) | **{per_note:.3f}** "
                f"(per-song mean {per_song:.3f}) |",
                f"| the composer's own set-up (engine.model: interval + degree, LTM+STM) | "
                f"{generator_bits:.3f} (per-song mean {generator_song:.3f}) |",
                f"| the composer's joint model (engine.model.joint, LTM only; {joint_notes} "
                f"notes of seven-note modes): whole (step, duration) token | {joint_token:.3f} |",
                f"| the same, scale step given the note's duration | {joint_step:.3f} |",
                *(f"| {name} | {value} |" for name, value in PUBLISHED.items()),
                "",
                f"Target ≤ {TARGET}: {'met' if per_note <= TARGET else 'missed'}. Settings: "
                f"{config}.",
                "",
                "Caveats for the comparison: the escape method (X) and the combination bias (0,",
                "a plain geometric mean) were picked on this same data set from a sweep of ~19",
                "settings (entropy-weighted bias 2 with escape C gave 2.05; bias 3 gave 2.17;",
                "no update exclusion 2.34), as Pearce also chose his best system on it. The",
                "metrical strength of the note being predicted is known to the model (its",
                "viewpoints are conditioned on it; the interval viewpoint on its duration too,",
                "since issue 10), and the key comes from each song's K: field.",
                "Pearce's figure may average per song; both averages are shown.",
            ],
        )


if __name__ == "__main__":
    main()
