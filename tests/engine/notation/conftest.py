"""Melodies across every key × scale, each meter and rhythm, composed once per test session."""

from __future__ import annotations

import pytest

from engine.compose.composer import compose
from engine.melody import Melody
from engine.params.melody import RHYTHMS, resolve
from engine.theory.meters import METERS
from engine.theory.scales import KEYS, SCALES


def _corpus() -> list[Melody]:
    """Every key × scale once (204 melodies), meters and rhythms cycling through them,
    so each meter meets every rhythm; short, so the corpus composes in seconds."""
    meters, rhythms = list(METERS), list(RHYTHMS)
    melodies = []
    for index, (key, scale) in enumerate((k, s) for k in KEYS for s in SCALES):
        params = {
            "key": key,
            "scale": scale,
            "time": meters[index % len(meters)],
            "rhythm": rhythms[(index // len(meters)) % len(rhythms)],
            "bars": str(2 + index % 3),
            "chords": "on" if index % 2 else "off",
            "seed": str(index),
        }
        melodies.append(compose(resolve(params)))
    return melodies


@pytest.fixture(scope="session")
def corpus() -> list[Melody]:
    return _corpus()
