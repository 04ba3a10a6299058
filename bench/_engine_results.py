"""Write the engine's figures into its own blocks of bench/RESULTS.md (under '## Engine')."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).parent / "RESULTS.md"
SECTION = "## Engine"


def write_block(name: str, lines: list[str]) -> None:
    """Replace (or add) the block `name` inside the Engine section; other sections untouched."""
    start, end = f"<!-- engine:{name} -->", f"<!-- /engine:{name} -->"
    block = "\n".join([start, *lines, end])
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    elif SECTION in text:
        head, tail = text.split(SECTION, 1)
        next_section = tail.find("\n## ")
        if next_section == -1:
            text = head + SECTION + tail.rstrip("\n") + "\n\n" + block + "\n"
        else:
            text = (
                head
                + SECTION
                + tail[:next_section].rstrip("\n")
                + "\n\n"
                + block
                + "\n"
                + tail[next_section:]
            )
    else:
        text = text.rstrip("\n") + f"\n\n{SECTION}\n\n{block}\n"
    RESULTS.write_text(text)
