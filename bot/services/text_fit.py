"""Fitting text to a length limit, the same way on every platform.

Each front end holds its platform's limits (`bot.frontends.*.limits`) and passes
them in; the fitting itself is written once, here.

Public API: `fit_lines`, `ELLIPSIS`.
"""

from __future__ import annotations

ELLIPSIS = "…"


def fit_lines(text: str, limit: int) -> str:
    """`text` within `limit` characters: whole lines kept while they fit, then "… and N more".

    A single over-long line is cut and ends in "…".
    """
    if len(text) <= limit:
        return text
    lines = text.split("\n")
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        tail = f"{ELLIPSIS} and {len(lines) - index} more"
        if used + len(line) + 1 + len(tail) > limit:
            if not kept:  # a single over-long line: cut it
                return line[: limit - len(tail) - 2] + ELLIPSIS + "\n" + tail
            return "\n".join([*kept, tail])
        kept.append(line)
        used += len(line) + 1
    return "\n".join(kept)
