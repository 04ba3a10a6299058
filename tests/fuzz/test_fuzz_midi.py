"""Hostile MIDI: generated malformed files through the submission reader.

Each file is refused with one line (MidiRejected) or read as a melody; nothing else
may escape, and no file may hang the reader (a bound that only catches hangs, not
a speed target: the figures belong in bench/).
"""

from __future__ import annotations

import random
import time

from engine.errors import MidiRejected
from engine.human.submission import read_submission
from engine.melody import Melody
from tests.fuzz.generators import malformed_midi

FILES = 150
SEED = 11_2
HANG_SECONDS = 2.0


def test_malformed_midi_files_get_one_line_or_a_melody():
    rng = random.Random(SEED)
    refused = 0
    for index in range(FILES):
        data = malformed_midi(rng)
        started = time.perf_counter()
        try:
            melody = read_submission(data)
        except MidiRejected as error:
            refused += 1
            message = str(error)
            assert message and "\n" not in message and len(message) < 200, (index, message)
        else:
            assert isinstance(melody, Melody)
        assert time.perf_counter() - started < HANG_SECONDS, f"file {index} hung the reader"
    assert refused > FILES // 2  # the damage is real: most files are refused
