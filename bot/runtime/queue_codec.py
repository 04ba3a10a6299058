"""Plain-data codec for the Redis job queue: jobs by name, arguments and results as msgpack.

Nothing executable crosses the network. A job is the name of one function in
`QUEUED_JOBS` plus msgpack-safe arguments (MelodyParams fields, notes as
numbers); a result is the fields of `Rendered`, bytes as bytes. A worker
refuses any other name.

Public API: `QUEUED_JOBS`, `job_name`, `pack`, `unpack`, `encode_args`,
`decode_args`, `encode_rendered`, `decode_rendered`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any

import msgpack

from bot.runtime.jobs import Rendered, compose_job, render_job
from engine.melody import Chord, Melody, Note
from engine.params.melody import MelodyParams

# The only functions a worker runs for the queue, by the name they travel under.
QUEUED_JOBS: dict[str, Callable[..., Rendered]] = {"compose": compose_job, "render": render_job}


def job_name(fn: Callable[..., Any]) -> str | None:
    """The queue name of `fn`, or None when it is not a queued job."""
    return next((name for name, job in QUEUED_JOBS.items() if job is fn), None)


def pack(value: Any) -> bytes:
    """msgpack bytes (raises TypeError for anything that is not plain data)."""
    # msgpack has no type hints for packb: its result is bytes.
    return msgpack.packb(value, use_bin_type=True)  # type: ignore[no-any-return]


def unpack(data: bytes) -> Any:
    return msgpack.unpackb(data, raw=False, strict_map_key=False)


def _params(fields: dict[str, Any]) -> MelodyParams:
    known = {k: v for k, v in fields.items() if k in MelodyParams.__dataclass_fields__}
    return MelodyParams(**known)


def _melody_data(melody: Melody) -> dict[str, Any]:
    return {
        "params": melody.params.to_dict(),
        "notes": [[n.pitch, n.start, n.duration, n.velocity] for n in melody.notes],
        "chords": [[list(c.pitches), c.start, c.duration, c.symbol] for c in melody.chords],
        "provenance": dict(melody.provenance),
    }


def _melody(data: dict[str, Any]) -> Melody:
    return Melody(
        _params(data["params"]),
        tuple(Note(int(p), float(s), float(d), int(v)) for p, s, d, v in data["notes"]),
        tuple(Chord(tuple(ps), float(s), float(d), str(y)) for ps, s, d, y in data["chords"]),
        {str(k): str(v) for k, v in data["provenance"].items()},
    )


def encode_args(name: str, args: tuple[Any, ...]) -> list[Any]:
    """The arguments of job `name` as plain data (compose: params, variation, audio;
    render: melody, melody_only)."""
    first, *rest = args
    if name == "compose":
        return [first.to_dict(), *rest]
    return [_melody_data(first), *rest]


def decode_args(name: str, data: list[Any]) -> tuple[Any, ...]:
    """`encode_args` reversed; ValueError for a job name outside `QUEUED_JOBS`."""
    if name not in QUEUED_JOBS:
        raise ValueError(f"unknown queued job {name!r}")
    first, *rest = data
    if name == "compose":
        return (_params(first), *rest)
    return (_melody(first), *rest)


def encode_rendered(rendered: Rendered) -> dict[str, Any]:
    """Every field of `Rendered` as plain data (derived from the dataclass, so a new
    field travels too: msgpack refuses a field that is not plain data)."""
    data = {field.name: getattr(rendered, field.name) for field in fields(Rendered)}
    data["params"] = rendered.params.to_dict()
    data["melody"] = None if rendered.melody is None else _melody_data(rendered.melody)
    data["score"] = list(rendered.score)
    return data


def decode_rendered(data: dict[str, Any]) -> Rendered:
    """`encode_rendered` reversed; fields a newer bot sent and this one lacks are dropped."""
    known = {field.name for field in fields(Rendered)}
    values = {name: value for name, value in data.items() if name in known}
    values["params"] = _params(data["params"])
    values["melody"] = None if data.get("melody") is None else _melody(data["melody"])
    values["score"] = tuple(bytes(page) for page in data.get("score", ()))
    values["duration_seconds"] = float(data["duration_seconds"])
    values["notes"] = int(data["notes"])
    values["title"] = str(data["title"])
    return Rendered(**values)
