"""The score step in a job: the score pages, ABC and MusicXML come back with the MP3 (the
piano roll only when asked for, or when no score could be engraved); a MIDI-only job has
the texts but draws nothing."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.runtime import jobs
from bot.runtime.jobs import Output, compose_job
from bot.runtime.score_step import SCORE_LIMITS
from engine.audio.soundfont import find_soundfont
from engine.params.melody import resolve


@pytest.fixture(scope="module", autouse=True)
def warm_this_process() -> None:
    jobs.init_worker(find_soundfont())


def test_a_composed_melody_comes_with_its_score_abc_and_musicxml() -> None:
    params = resolve({"key": "Eb", "scale": "phrygian", "bars": "8"}, random_seed=5)
    rendered = compose_job(params)
    assert rendered.mp3 is not None
    assert len(rendered.score) == 1 and rendered.png is None
    width, height = Image.open(io.BytesIO(rendered.score[0])).size
    assert width + height <= SCORE_LIMITS.max_side_sum_px
    assert len(rendered.score[0]) <= SCORE_LIMITS.max_bytes
    assert rendered.abc is not None and "K:Ebphr" in rendered.abc
    assert rendered.musicxml is not None and "<fifths>-7</fifths>" in rendered.musicxml


def test_a_midi_only_job_writes_the_notation_texts_but_no_pictures() -> None:
    rendered = compose_job(resolve({"bars": "4"}, random_seed=1), 0, Output.MIDI)
    assert rendered.score == () and rendered.png is None
    assert rendered.abc is not None and rendered.abc.startswith("X:1")
    assert rendered.musicxml is not None and "<score-partwise" in rendered.musicxml
