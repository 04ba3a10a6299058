"""Fitting text to a length limit, the same way on every platform.

Each front end holds its platform's limits (`bot.frontends.*.limits`) and passes
them in; the fitting itself is written once, here: `fit_lines` keeps what fits in one
message and says how much was left out, `split_text` spreads text over several
messages, `clip` cuts one value (a title, a field) with "…".

Public API: `fit_lines`, `split_text`, `clip`, `ELLIPSIS`.
"""

from __future__ import annotations

ELLIPSIS = "…"
FENCE = "```"  # Markdown code block: a table cut inside one is closed, not left open


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, ending in "…" when something was left out."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + ELLIPSIS


def fit_lines(text: str, limit: int, *, keep_last: int = 0) -> str:
    """`text` within `limit` characters: whole lines kept while they fit, then "… and N more".

    A single over-long line is cut and ends in "…". The last `keep_last` lines (say, how
    to act on a list) are kept after the "… and N more" when they leave room for it.
    """
    if len(text) <= limit:
        return text
    if keep_last > 0:
        pieces = text.rsplit("\n", keep_last)
        head, closing = pieces[0], "\n".join(pieces[1:])
        if len(pieces) > 1 and len(closing) + 1 < limit // 2:
            return fit_lines(head, limit - len(closing) - 1) + "\n" + closing
    lines = text.split("\n")
    kept: list[str] = []
    used = 0
    fences = 0  # code-fence lines kept: an odd count leaves a block open, closed on a cut
    for index, line in enumerate(lines):
        tail = f"{ELLIPSIS} and {len(lines) - index} more"
        opens = (fences + line.startswith(FENCE)) % 2  # a block still open after this line
        fence_room = len(FENCE) + 1 if opens else 0
        if used + len(line) + 1 + fence_room + len(tail) > limit:
            if not kept:  # a single over-long line: cut it
                return line[: limit - len(tail) - 2] + ELLIPSIS + "\n" + tail
            return "\n".join([*kept, *([FENCE] if fences % 2 else []), tail])
        kept.append(line)
        fences += line.startswith(FENCE)
        used += len(line) + 1
    return "\n".join(kept)


def split_text(text: str, limit: int) -> list[str]:
    """`text` in parts of at most `limit` characters, cut at a line end, else after a comma.

    Nothing is left out; a part with neither is cut at the limit.
    """
    parts: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit + 1)
        if cut > 0:  # the next part starts with the next line, its indent kept
            parts.append(text[:cut])
            text = text[cut + 1 :]
            continue
        comma = text.rfind(", ", 0, limit)
        cut = comma + 1 if comma > 0 else limit
        parts.append(text[:cut])
        text = text[cut:].lstrip(" ")
    return [*parts, text] if text else parts
