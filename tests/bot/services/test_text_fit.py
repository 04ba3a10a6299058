"""Fitting text to a platform's limit: what a member sees when a long reply is cut."""

from __future__ import annotations

from bot.services.text_fit import FENCE, fit_lines, split_text


def _table(rows: int) -> str:
    lines = [f"| item {n:3d} | fooled {n % 7} of 9 |" for n in range(rows)]
    return "\n".join(["Which melodies fooled people:", FENCE, *lines, FENCE, "Thanks!"])


def test_a_table_cut_inside_its_code_block_is_closed_before_the_count():
    text = _table(200)
    fitted = fit_lines(text, 1024)
    assert len(fitted) <= 1024
    lines = fitted.split("\n")
    # The block is closed, so the count renders as text and nothing after is monospace.
    assert lines[-2] == FENCE and lines[-1].startswith("… and ")
    assert sum(line.startswith(FENCE) for line in lines) == 2
    shown = sum(line.startswith("| item") for line in lines)
    left_out = int(lines[-1].split()[2])
    assert shown + left_out == 200 + 2  # every table row, the closing fence and "Thanks!"


def test_text_that_fits_is_unchanged_and_a_cut_outside_a_block_adds_no_fence():
    assert fit_lines(_table(3), 1024) == _table(3)
    plain = "\n".join(f"line {n}" for n in range(500))
    fitted = fit_lines(plain, 200)
    assert len(fitted) <= 200 and FENCE not in fitted
    assert fitted.endswith("more")


def test_split_text_loses_nothing():
    text = _table(300)
    parts = split_text(text, 2000)
    assert all(len(part) <= 2000 for part in parts)
    assert "\n".join(parts) == text
