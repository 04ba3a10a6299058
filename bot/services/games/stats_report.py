"""The study analysis beyond the pooled table, as text lines for a chat's results.

Per-participant accuracy (distribution, t-test and Wilcoxon against 50%, d′),
the cluster-aware GEE estimate, calibration (accuracy by stated confidence) and
the comparison with the study's 57.5% (23 of 40). Below the minimums the text
says so instead of testing.

Public API: `analysis_text`, `calibration`, `comparison_line`, `STUDY_CORRECT`, `STUDY_N`.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median

from bot.services.games.stats import (
    Judgement,
    StudyTable,
    calibration_rows,
    percent,
    wilson_interval,
)
from bot.services.games.stats_model import MODEL_LINE, clustered_accuracy
from bot.services.games.stats_participants import analyse_participants

STUDY_CORRECT, STUDY_N = 23, 40  # the study: 40 producers, 23 right (57.5%)


def _p(value: float | None) -> str:
    if value is None:
        return "–"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def calibration(judgements: Sequence[Judgement]) -> list[tuple[int, int, int]]:
    """(confidence 1-5, judgements, correct) for each confidence anyone stated."""
    return list(calibration_rows(judgements))


def calibration_lines(table: StudyTable) -> list[str]:
    """The calibration table: accuracy with its 95% Wilson CI at each stated confidence."""
    if not table.calibration:
        return []
    lines = ["Calibration: confidence → accuracy (95% CI)"]
    for level, n, c in table.calibration:
        low, high = wilson_interval(c, n)
        lines.append(f"  {level}: {percent(c / n)} ({c} of {n}; {percent(low)}–{percent(high)})")
    return lines


def quality_lines(table: StudyTable) -> list[str]:
    """Mean quality (1-5) by source with 95% t-intervals."""
    parts = []
    for label, mean, ci, n in (
        ("AI", table.mean_quality_ai, table.quality_ai_ci, table.quality_ai_n),
        ("human", table.mean_quality_human, table.quality_human_ci, table.quality_human_n),
    ):
        if mean is None:
            continue
        interval = f"95% CI {ci[0]:.2f}–{ci[1]:.2f}, " if ci else ""
        parts.append(f"{label} {mean:.2f} ({interval}n={n})")
    return ["Quality by source (1–5): " + "; ".join(parts)] if parts else []


def table_lines(table: StudyTable) -> list[str]:
    """Calibration and quality by source, for the results of one game or all games."""
    return [*calibration_lines(table), *quality_lines(table)]


def comparison_line(judgements: Sequence[Judgement]) -> str:
    """'This community: X% (95% CI …) vs the study's 57.5% (23/40).' (pooled, Wilson CI)."""
    n = len(judgements)
    correct = sum(j.correct for j in judgements)
    if not n:
        return "This community: no judgements yet; the study's 57.5% (23/40)."
    low, high = wilson_interval(correct, n)
    return (
        f"This community: {percent(correct / n)} (95% CI {percent(low)}–{percent(high)}) "
        f"vs the study's {percent(STUDY_CORRECT / STUDY_N)} ({STUDY_CORRECT}/{STUDY_N})."
    )


def analysis_text(judgements: Sequence[Judgement], table: StudyTable | None = None) -> str:
    """Every line of the analysis (for `/guess results scope:all`).

    `table`, when given, is `study_table(judgements)`: its calibration and quality by
    source close the analysis.
    """
    analysis = analyse_participants(judgements)
    lines = [comparison_line(judgements), ""]
    accuracies = sorted(s.accuracy for s in analysis.scores)
    if accuracies:
        lines.append(
            f"Participants: {len(accuracies)}; accuracy per participant: median "
            f"{percent(median(accuracies))}, range {percent(accuracies[0])}–"
            f"{percent(accuracies[-1])}"
        )
    if analysis.too_few is not None:
        lines.append(analysis.too_few)
    else:
        lines.append(
            f"Across participants vs 50%: mean {percent(analysis.mean_accuracy)}, "
            f"t-test p = {_p(analysis.t_p_value)}, Wilcoxon p = {_p(analysis.wilcoxon_p_value)}"
        )
        model = clustered_accuracy(judgements)
        if model is not None:
            lines += [
                MODEL_LINE,
                f"Cluster-aware accuracy: {percent(model.accuracy)} (95% CI "
                f"{percent(model.ci_low)}–{percent(model.ci_high)}), p = {_p(model.p_value)}",
            ]
    if table is not None and table_lines(table):
        lines += ["", *table_lines(table)]
    return "\n".join(lines)
