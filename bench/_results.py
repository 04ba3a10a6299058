"""Shared by the benches that own a whole `## Heading` section of bench/RESULTS.md.

`write_section` replaces (or appends) one section and leaves every other one alone;
`percentile` is numpy's, as a plain float; `load_bench_main` is the command line of the
front-end load benches (`--count`, `--bars`, `--no-write`).
"""

from __future__ import annotations

import argparse
import asyncio
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import numpy as np

RESULTS = Path(__file__).parent / "RESULTS.md"


def percentile(values: list[float], q: float) -> float:
    """The `q`-th percentile (0-100) of `values`, in their unit."""
    return float(np.percentile(np.array(values), q))


def write_section(section: str) -> None:
    """Put `section` (first line: its `## Heading`) in RESULTS.md in place of the old one."""
    heading = section.splitlines()[0]
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    body = section.rstrip("\n") + "\n"
    if pattern.search(text):
        text = pattern.sub(lambda _: body + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + body
    RESULTS.write_text(text.rstrip("\n") + "\n")


def load_bench_main(
    doc: str, measure: Callable[[int, int], Awaitable[dict]], section: Callable[[dict], str]
) -> None:
    """Parse the command line, `measure(count, bars)`, print its section and record it."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--count", type=int, default=32, help="melodies asked for at once")
    parser.add_argument("--bars", type=int, default=16, help="bars of each melody")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    text = section(asyncio.run(measure(args.count, args.bars)))
    print(text)
    if not args.no_write:
        write_section(text)
