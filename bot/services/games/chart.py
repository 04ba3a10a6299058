"""The study chart: detection accuracy with 95% Wilson CIs against chance, quality by source
with 95% t-intervals, and calibration (accuracy at each stated confidence, 1-5).

Drawn with matplotlib's object API on the Agg canvas (no pyplot state), so it
is safe to call from a worker thread. Dark background, light text: readable in
the dark themes of Discord and Telegram and fine in light ones.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from bot.services.games.stats import CHANCE, StudyTable, wilson_interval

if TYPE_CHECKING:  # matplotlib is imported where a chart is drawn (in a worker)
    from matplotlib.axes import Axes

BACKGROUND = "#2b2d31"
FOREGROUND = "#e6e6e6"
GRID = "#4a4d55"
AI_COLOUR = "#5b9bd5"
HUMAN_COLOUR = "#ed7d31"
ALL_COLOUR = "#a5a5a5"
DPI = 100
SIZE_INCHES = (11.0, 3.6)
CALIBRATION_COLOUR = "#70ad47"


def _accuracy_bars(table: StudyTable) -> list[tuple[str, int, int, str]]:
    """(label, correct, n, colour) for each accuracy bar that has judgements."""
    bars = [
        ("All", table.correct, table.n, ALL_COLOUR),
        ("AI items", table.ai_correct, table.ai_n, AI_COLOUR),
        ("Human items", table.human_correct, table.human_n, HUMAN_COLOUR),
    ]
    return [bar for bar in bars if bar[2] > 0]


def _style(axes: Axes) -> None:
    axes.set_facecolor(BACKGROUND)
    axes.tick_params(colors=FOREGROUND)
    for spine in axes.spines.values():
        spine.set_color(GRID)
    axes.yaxis.grid(visible=True, color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)
    axes.title.set_color(FOREGROUND)
    axes.yaxis.label.set_color(FOREGROUND)


def _say_empty(axes: Axes, text: str) -> None:
    """An axes with nothing to plot: no ticks, just `text` in its middle."""
    axes.set_xticks([])
    axes.text(0.5, 0.5, text, transform=axes.transAxes, ha="center", color=FOREGROUND)


def study_chart_png(table: StudyTable, title: str = "AI or human?") -> bytes:
    """A PNG (about 1100x360 px): accuracy with CI and the 50% chance line; quality 1-5 by
    source with CIs; accuracy by stated confidence (calibration) with CIs."""
    # matplotlib is imported here, in the worker that draws, so the bot process stays small.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, facecolor=BACKGROUND, layout="constrained")
    FigureCanvasAgg(figure)
    accuracy_axes, quality_axes, calibration_axes = figure.subplots(
        1, 3, gridspec_kw={"width_ratios": [3, 2, 3]}
    )
    for axes in (accuracy_axes, quality_axes, calibration_axes):
        _style(axes)

    bars = _accuracy_bars(table)
    labels = [f"{label}\n(n={n})" for label, _, n, _ in bars]
    values = [100 * correct / n for _, correct, n, _ in bars]
    intervals = [wilson_interval(correct, n) for _, correct, n, _ in bars]
    below = [v - 100 * low for v, (low, _) in zip(values, intervals, strict=True)]
    above = [100 * high - v for v, (_, high) in zip(values, intervals, strict=True)]
    if bars:
        accuracy_axes.bar(
            labels,
            values,
            color=[c for *_, c in bars],
            yerr=[below, above],
            capsize=6,
            ecolor=FOREGROUND,
        )
    accuracy_axes.axhline(100 * CHANCE, color=FOREGROUND, linestyle="--", linewidth=1)
    accuracy_axes.text(
        0.01,
        100 * CHANCE + 1.5,
        "chance",
        color=FOREGROUND,
        fontsize=8,
        transform=accuracy_axes.get_yaxis_transform(),
    )
    for x, value in enumerate(values):
        # Inside the bar when it is tall enough to hold the label, else above the axis.
        colour = BACKGROUND if value >= 8 else FOREGROUND
        accuracy_axes.text(
            x, 2, f"{value:.1f}%", ha="center", color=colour, fontsize=9, fontweight="bold"
        )
    accuracy_axes.set_ylim(0, 100)
    accuracy_axes.set_ylabel("Detection accuracy (%) with 95% CI")
    accuracy_axes.set_title("Who spotted the AI?")
    if not bars:
        _say_empty(accuracy_axes, "no votes")

    _draw_quality(quality_axes, table)
    _draw_calibration(calibration_axes, table)

    figure.suptitle(title, color=FOREGROUND)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=BACKGROUND)
    return buffer.getvalue()


def _draw_quality(quality_axes: Axes, table: StudyTable) -> None:
    """Mean quality (1-5) by source, with its 95% t-interval where there are two ratings."""
    sources = [
        ("AI", table.mean_quality_ai, table.quality_ai_ci, AI_COLOUR),
        ("Human", table.mean_quality_human, table.quality_human_ci, HUMAN_COLOUR),
    ]
    rated = [source for source in sources if source[1] is not None]
    if rated:
        means = [float(mean or 0) for _, mean, _, _ in rated]
        below = [m - ci[0] if ci else 0.0 for m, (_, _, ci, _) in zip(means, rated, strict=True)]
        above = [ci[1] - m if ci else 0.0 for m, (_, _, ci, _) in zip(means, rated, strict=True)]
        quality_axes.bar(
            [label for label, *_ in rated],
            means,
            color=[colour for *_, colour in rated],
            yerr=[below, above],
            capsize=6,
            ecolor=FOREGROUND,
        )
        for x, mean in enumerate(means):
            quality_axes.text(x, 0.15, f"{mean:.1f}", ha="center", color=BACKGROUND)
    quality_axes.set_ylim(0, 5.5)
    quality_axes.set_yticks(range(6))
    quality_axes.set_ylabel("Mean quality (1–5) with 95% CI")
    quality_axes.set_title("Quality by source")
    if not rated:
        _say_empty(quality_axes, "no ratings")


def _draw_calibration(axes: Axes, table: StudyTable) -> None:
    """Accuracy (%) at each stated confidence 1-5 with 95% Wilson CIs and the chance line:
    a calibrated group is more often right when it says it is surer."""
    rows = table.calibration
    if rows:
        levels = [level for level, _, _ in rows]
        values = [100 * correct / n for _, n, correct in rows]
        intervals = [wilson_interval(correct, n) for _, n, correct in rows]
        axes.errorbar(
            levels,
            values,
            yerr=[
                [v - 100 * low for v, (low, _) in zip(values, intervals, strict=True)],
                [100 * high - v for v, (_, high) in zip(values, intervals, strict=True)],
            ],
            color=CALIBRATION_COLOUR,
            ecolor=FOREGROUND,
            marker="o",
            capsize=4,
        )
        for level, n, _ in rows:
            axes.text(level, 3, f"n={n}", ha="center", color=FOREGROUND, fontsize=8)
    axes.axhline(100 * CHANCE, color=FOREGROUND, linestyle="--", linewidth=1)
    axes.set_xlim(0.5, 5.5)
    axes.set_xticks(range(1, 6))
    axes.set_ylim(0, 100)
    axes.set_xlabel("Stated confidence (1–5)")
    axes.xaxis.label.set_color(FOREGROUND)
    axes.set_ylabel("Accuracy (%) with 95% CI")
    axes.set_title("Calibration")
    if not rows:
        _say_empty(axes, "no confidence given")
