"""Moods: presets of defaults for the other parameters.

A parameter the user gives always wins over the preset. `MOODS` is the single
source of mood choices. A mood changes a melody's character (mode, tempo, note
density, rhythm, instrument, register), never how leapy it is: no preset widens
the range past the default two octaves, so none turns a tune into arpeggios.
"""

from __future__ import annotations

MOODS: dict[str, dict[str, str | int]] = {
    "neutral": {},
    "happy": {"scale": "major", "tempo": 132, "complexity": 45, "syncopation": 25,
              "contour": "arch", "rhythm": "standard", "instrument": "piano"},
    "sad": {"scale": "minor", "tempo": 72, "complexity": 35, "syncopation": 10,
            "contour": "descending", "rhythm": "straight", "instrument": "cello",
            "range": "narrow"},
    # The study's example preset: minor, 132 BPM, complexity 66, syncopation 30.
    "dramatic": {"scale": "minor", "tempo": 132, "complexity": 66, "syncopation": 30,
                 "contour": "arch", "harmonic_density": 60, "instrument": "strings"},
    "calm": {"scale": "major_pentatonic", "tempo": 76, "complexity": 25, "syncopation": 5,
             "contour": "wave", "rhythm": "sparse", "instrument": "flute",
             "harmonic_density": 30, "repetition": 55},
    "energetic": {"scale": "mixolydian", "tempo": 152, "complexity": 70, "syncopation": 50,
                  "contour": "ascending", "instrument": "electric_guitar",
                  "harmonic_density": 70},
    "mysterious": {"scale": "phrygian", "tempo": 88, "complexity": 55, "syncopation": 25,
                   "contour": "valley", "instrument": "vibraphone", "rhythm": "dotted"},
    "romantic": {"scale": "major", "tempo": 84, "complexity": 45, "syncopation": 15,
                 "contour": "arch", "instrument": "violin", "rhythm": "dotted",
                 "harmonic_density": 45},
    "epic": {"scale": "harmonic_minor", "tempo": 112, "complexity": 60, "syncopation": 20,
             "contour": "ascending", "instrument": "brass", "harmonic_density": 55},
    "playful": {"scale": "major", "tempo": 144, "complexity": 55, "syncopation": 45,
                "contour": "wave", "instrument": "marimba", "rhythm": "swing",
                "repetition": 55},
    "dark": {"scale": "locrian", "tempo": 70, "complexity": 50, "syncopation": 20,
             "contour": "descending", "instrument": "contrabass", "range": "narrow",
             "rhythm": "sparse"},
}  # fmt: skip
