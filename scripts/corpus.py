"""Reader of the public-domain tunes in music21's corpus (for training and data building only).

API: `iter_tunes(collections=COLLECTIONS, supported_only=True) -> Iterator[Tune]`; `Tune` has title,
collection, key (engine.theory.KEYS), scale (engine.theory.SCALES), meter (engine.theory.METERS;
2/2 is read as 4/4), tempo (BPM or None), pickup (beats before the first full bar) and notes as
(MIDI pitch, start beat, duration beats) of the monophonic melody. `load_tunes(collections,
supported_only, cache=DEFAULT_CACHE)` is the same as a list, cached as JSON (parsing takes minutes).
`is_held_out(tune)` marks the tenth of the tunes kept out of training.

music21 is a development dependency: the bot never imports this module.
"""

from __future__ import annotations

import json
import logging
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.theory.meters import METERS
from engine.theory.scales import KEYS, SCALES

log = logging.getLogger(__name__)

COLLECTIONS = ("oneills1850", "ryansMammoth", "airdsAirs")
# abc modes as music21 names them -> our scale names.
MODE_TO_SCALE = {
    "major": "major",
    "ionian": "major",
    "minor": "minor",
    "aeolian": "minor",
    "dorian": "dorian",
    "phrygian": "phrygian",
    "lydian": "lydian",
    "mixolydian": "mixolydian",
    "locrian": "locrian",
}
METER_ALIASES = {"2/2": "4/4"}  # cut time: same bar length, the reels' usual notation
HELD_OUT_EVERY = 10  # one tune in ten is held out of training (bench/human_likeness.py)
DEFAULT_CACHE = Path.home() / ".cache" / "melodybot" / "tunes.json"


@dataclass(frozen=True)
class Tune:
    """One monophonic tune: pitches are MIDI numbers, times are quarter-note beats."""

    title: str
    collection: str
    key: str
    scale: str
    meter: str
    tempo: int | None
    pickup: float
    notes: tuple[tuple[int, float, float], ...]
    changes: bool = False  # the key or meter changes inside the tune

    @property
    def supported(self) -> bool:
        """True when the bot supports the tune's scale and meter, unchanged throughout."""
        return self.scale in SCALES and self.meter in METERS and not self.changes

    @property
    def bars(self) -> int:
        """Whole bars after the pickup (a final partial bar is not counted)."""
        length = max(s + d for _, s, d in self.notes) - self.pickup
        return int(length // METERS[self.meter].bar_beats + 1e-9)


def is_held_out(tune: Tune) -> bool:
    """True for the tenth of the tunes kept out of training: chosen by a CRC-32 of the
    collection, title and note count, so the split is stable across runs and machines."""
    text = f"{tune.collection}/{tune.title}/{len(tune.notes)}"
    return zlib.crc32(text.encode()) % HELD_OUT_EVERY == 0


def key_name(pitch_class: int, spelled: str) -> str:
    """Our key spelling for a music21 tonic name ('B-' -> 'Bb'), by pitch class."""
    name = spelled.replace("-", "b")
    if KEYS.get(name) == pitch_class:
        return name
    return next(k for k, pc in KEYS.items() if pc == pitch_class)


def _melody_notes(score) -> tuple[tuple[int, float, float], ...]:
    """(pitch, start, duration) of the top voice; grace notes and chord symbols dropped."""
    from music21 import harmony

    part = score.parts[0] if score.parts else score
    notes: list[list[float]] = []
    for element in part.flatten().notesAndRests:
        if isinstance(element, harmony.ChordSymbol) or element.isRest:
            continue
        length = float(element.quarterLength)
        if length <= 0 or element.duration.isGrace:
            continue
        pitch = max(p.midi for p in element.pitches) if element.isChord else element.pitch.midi
        start = float(element.getOffsetInHierarchy(part))
        tie = element.tie.type if element.tie is not None else None
        if (
            tie in ("stop", "continue")
            and notes
            and notes[-1][0] == pitch
            and abs(notes[-1][1] + notes[-1][2] - start) < 1e-6
        ):
            notes[-1][2] += length
            continue
        if notes and start < notes[-1][1] + notes[-1][2] - 1e-6:
            continue  # a second voice overlapping the melody
        notes.append([pitch, start, length])
    return tuple((int(p), round(s, 6), round(d, 6)) for p, s, d in notes)


def _tune_of(score, collection: str, *, supported_only: bool) -> Tune | None:
    keys = list(score.recurse().getElementsByClass("KeySignature"))
    signatures = list(score.recurse().getElementsByClass("TimeSignature"))
    if not keys or not signatures:
        return None
    first = keys[0]
    mode = getattr(first, "mode", None) or "major"
    tonic = first.tonic if hasattr(first, "tonic") else first.asKey("major").tonic
    scale = MODE_TO_SCALE.get(mode)
    meter = METER_ALIASES.get(signatures[0].ratioString, signatures[0].ratioString)
    changes = len({k.sharps for k in keys}) > 1 or len({t.ratioString for t in signatures}) > 1
    notes = _melody_notes(score)
    if len(notes) < 8:
        return None
    marks = list(score.recurse().getElementsByClass("MetronomeMark"))
    tempo = None
    if marks and marks[0].number:
        tempo = round(marks[0].getQuarterBPM())
    pickup = 0.0
    measures = list(score.parts[0].getElementsByClass("Measure")) if score.parts else []
    if measures and measures[0].paddingLeft:
        pickup = float(measures[0].duration.quarterLength)
    title = score.metadata.title if score.metadata and score.metadata.title else "Untitled"
    tune = Tune(
        title.strip(),
        collection,
        key_name(tonic.pitchClass, tonic.name),
        scale or mode,
        meter,
        tempo,
        pickup,
        notes,
        changes,
    )
    return tune if tune.supported or not supported_only else None


def iter_tunes(
    collections: Iterable[str] = COLLECTIONS, *, supported_only: bool = True
) -> Iterator[Tune]:
    """Every readable tune of the collections, in corpus order.

    With `supported_only`, only tunes whose key, mode and meter the bot supports
    (one key and one meter throughout) are yielded; otherwise every tune with
    notes, its meter and mode as written.
    """
    from music21 import corpus

    for collection in collections:
        for path in corpus.getComposer(collection):
            yield from tunes_in_file(path, collection, supported_only=supported_only)


def tunes_in_file(
    path: str | Path, collection: str, *, supported_only: bool = True
) -> Iterator[Tune]:
    """The tunes of one corpus file (an abc file holds many): 'essenFolksong/kinder0.abc'."""
    from music21 import corpus

    try:
        parsed = corpus.parse(str(path))
    except Exception as error:
        log.warning("skipping %s: %s", path, error)
        return
    scores = parsed.scores if hasattr(parsed, "scores") else [parsed]
    for score in scores:
        try:
            tune = _tune_of(score, collection, supported_only=supported_only)
        except Exception as error:
            log.warning("skipping a tune in %s: %s", path, error)
            continue
        if tune is not None:
            yield tune


def load_tunes(
    collections: Iterable[str] = COLLECTIONS,
    *,
    supported_only: bool = True,
    cache: Path | None = DEFAULT_CACHE,
) -> list[Tune]:
    """`iter_tunes` as a list. Every tune is parsed once into the JSON `cache` (one file per
    set of collections); later calls read the cache and filter it."""
    collections = tuple(collections)
    path = cache.with_name(f"{cache.stem}-{'+'.join(collections)}.json") if cache else None
    if path is not None and path.exists():
        tunes = [
            Tune(**{**t, "notes": tuple(tuple(n) for n in t["notes"])})
            for t in json.loads(path.read_text())
        ]
    else:
        tunes = list(iter_tunes(collections, supported_only=False))
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps([asdict(t) for t in tunes]))
    return [t for t in tunes if t.supported] if supported_only else tunes


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    count = 0
    for tune in iter_tunes(sys.argv[1:] or COLLECTIONS):
        count += 1
        print(
            f"{tune.collection}\t{tune.title}\t{tune.key} {tune.scale}\t{tune.meter}\t"
            f"{len(tune.notes)} notes\t{tune.bars} bars"
        )
    print(f"{count} tunes", file=sys.stderr)
