"""Titles of a melody's files and pictures: what it is, and the parameters with the seed."""

from __future__ import annotations

from engine.melody import Melody
from engine.params.schema import plural
from engine.theory.spelling import key_signature


def key_label(key: str, scale: str) -> str:
    """The key as a musician writes it: 'E♭ phrygian', 'A harmonic minor'."""
    return f"{key_signature(key, scale).tonic_name} {scale.replace('_', ' ')}"


def title(melody: Melody) -> str:
    """A human tune's own title, else its key: 'E♭ phrygian melody'."""
    own = melody.provenance.get("title")
    return own or f"{key_label(melody.params.key, melody.params.scale)} melody"


def parameter_lines(melody: Melody) -> list[str]:
    """The parameters a listener can hear, with the seed that reproduces the melody, in
    lines short enough for a score's header: what it is, then how it was composed."""
    params = melody.params
    first = [
        f"{params.tempo} BPM",
        f"{plural(params.bars, 'bar')} of {params.time}",
        params.instrument.replace("_", " "),
    ]
    if melody.provenance:
        source = melody.provenance.get("collection") or melody.provenance.get("source")
        return [" · ".join([*first, source] if source else first)]
    second = [
        params.mood,
        f"complexity {params.complexity}%",
        f"harmony {params.harmonic_density}%",
        f"repetition {params.repetition}%",
        f"syncopation {params.syncopation}%",
    ]
    third = [f"{params.range} range", f"{params.contour} contour", f"{params.rhythm} rhythm"]
    first += ["chords on" if params.chords else "chords off", f"seed {params.seed}"]
    return [" · ".join(first), " · ".join(second), " · ".join(third)]


def subtitle(melody: Melody) -> str:
    """The parameter lines as one line."""
    return " · ".join(parameter_lines(melody))
