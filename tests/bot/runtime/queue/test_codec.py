"""The queue's plain-data codec: what crosses the network is data, and comes back equal."""

from __future__ import annotations

import dataclasses

import pytest

from bot.runtime.jobs import Output, compose_job, render_job
from bot.runtime.queue_codec import (
    decode_args,
    decode_rendered,
    encode_args,
    encode_rendered,
    job_name,
    pack,
    unpack,
)
from engine.compose.composer import compose
from engine.params.melody import MelodyParams

PARAMS = MelodyParams(key="D", scale="dorian", bars=4, chords=True, seed=11)


def test_a_composed_result_survives_the_trip_unchanged() -> None:
    rendered = compose_job(PARAMS, 0, Output.MIDI)
    back = decode_rendered(unpack(pack(encode_rendered(rendered))))
    assert back == rendered


def test_score_pages_abc_and_musicxml_travel_too() -> None:
    """Every field of a result crosses the queue, not only the ones the codec once knew."""
    rendered = dataclasses.replace(
        compose_job(PARAMS, 0, Output.MIDI),
        score=(b"\x89PNG page 1", b"\x89PNG page 2"),
        abc="X:1\nK:D dorian\nDEF|",
        musicxml="<score-partwise/>",
    )
    back = decode_rendered(unpack(pack(encode_rendered(rendered))))
    assert back.score == (b"\x89PNG page 1", b"\x89PNG page 2")
    assert back.abc == "X:1\nK:D dorian\nDEF|"
    assert back.musicxml == "<score-partwise/>"
    assert back == rendered


def test_render_arguments_carry_notes_chords_and_provenance() -> None:
    melody = dataclasses.replace(compose(PARAMS), provenance={"title": "Test tune"})
    assert melody.chords  # chords=True: they must survive too
    args = decode_args("render", unpack(pack(encode_args("render", (melody, False)))))
    assert args == (melody, False)


def test_only_allow_listed_jobs_travel() -> None:
    assert job_name(compose_job) == "compose"
    assert job_name(render_job) == "render"
    assert job_name(print) is None
    with pytest.raises(ValueError, match=r"unknown queued job 'os\.system'"):
        decode_args("os.system", ["rm -rf /"])


def test_code_cannot_be_packed() -> None:
    with pytest.raises(TypeError):
        pack({"f": compose_job})
