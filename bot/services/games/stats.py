"""Listening-study statistics: pure functions over judgements, as the study reported them.

A judgement is one member's answer for one item: the item's truth ("ai" or
"human"), the guess, and optional confidence and quality ratings (1-5).
Signal detection follows the study: a hit is an AI item called AI, a false
alarm is a human item called AI.

Public API: `Judgement`, `StudyTable`, `study_table`, `binomial_p_value`,
`wilson_interval`, `d_prime`, `leaderboard`, `LeaderboardRow`, `format_table`,
`format_leaderboard`, `votes_csv`, `csv_cell`, `percent`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist, fmean

from scipy.stats import binomtest, t

AI = "ai"
HUMAN = "human"
CHANCE = 0.5  # a guess between two sources is right half the time by chance
CI_LEVEL = 0.95
DEFAULT_MIN_JUDGEMENTS = 4  # judgements a voter needs before appearing on a leaderboard
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection):
# such text cells get a leading apostrophe, which spreadsheets show as plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class Judgement:
    """One vote: who judged, the item's truth, the guess, and 1-5 ratings when given."""

    voter: str
    truth: str
    guess: str
    confidence: int | None = None
    quality: int | None = None

    @property
    def correct(self) -> bool:
        return self.truth == self.guess


@dataclass(frozen=True)
class StudyTable:
    """The study's table for a set of judgements. Proportions are 0-1; None when undefined."""

    n: int
    correct: int
    accuracy: float | None
    p_value: float | None
    ci_low: float | None
    ci_high: float | None
    ai_n: int
    ai_correct: int
    human_n: int
    human_correct: int
    d_prime: float | None
    mean_confidence: float | None
    mean_quality_ai: float | None
    mean_quality_human: float | None
    # (confidence 1-5, judgements, correct) for each confidence anyone stated.
    calibration: tuple[tuple[int, int, int], ...] = ()
    # 95% t-intervals of the mean quality (1-5) by source; None below two ratings.
    quality_ai_ci: tuple[float, float] | None = None
    quality_human_ci: tuple[float, float] | None = None
    quality_ai_n: int = 0
    quality_human_n: int = 0

    @property
    def ai_accuracy(self) -> float | None:
        return self.ai_correct / self.ai_n if self.ai_n else None

    @property
    def human_accuracy(self) -> float | None:
        return self.human_correct / self.human_n if self.human_n else None

    @property
    def quality_difference(self) -> float | None:
        """Mean quality of AI items minus that of human items (negative: humans rated higher)."""
        if self.mean_quality_ai is None or self.mean_quality_human is None:
            return None
        return self.mean_quality_ai - self.mean_quality_human


def binomial_p_value(correct: int, n: int, chance: float = CHANCE) -> float:
    """Exact two-sided binomial test of `correct` out of `n` against `chance`."""
    return float(binomtest(correct, n, chance, alternative="two-sided").pvalue)


def wilson_interval(correct: int, n: int, level: float = CI_LEVEL) -> tuple[float, float]:
    """Wilson score interval for the proportion correct/n at `level` (0-1)."""
    ci = binomtest(correct, n).proportion_ci(confidence_level=level, method="wilson")
    return float(ci.low), float(ci.high)


def d_prime(hits: int, signal_n: int, false_alarms: int, noise_n: int) -> float:
    """Sensitivity d' with the log-linear correction (Hautus 1995).

    Adding 0.5 to each count and 1 to each total keeps the rates off 0 and 1,
    where the z-transform is infinite.
    """
    hit_rate = (hits + 0.5) / (signal_n + 1)
    false_alarm_rate = (false_alarms + 0.5) / (noise_n + 1)
    # NormalDist's inverse (Wichura's AS241, exact to double precision) is scipy's norm.ppf
    # without its per-call overhead: a study has a d′ for each of thousands of members.
    return _STANDARD_NORMAL.inv_cdf(hit_rate) - _STANDARD_NORMAL.inv_cdf(false_alarm_rate)


_STANDARD_NORMAL = NormalDist()


def _mean(values: Iterable[int | None]) -> float | None:
    given = [v for v in values if v is not None]
    return fmean(given) if given else None


def mean_interval(values: Sequence[float], level: float = CI_LEVEL) -> tuple[float, float] | None:
    """Student-t interval of the mean of `values` at `level`; None with fewer than 2 values
    or no spread (a single point, not an interval)."""
    if len(values) < 2:
        return None
    centre = fmean(values)
    spread = (sum((v - centre) ** 2 for v in values) / (len(values) - 1)) ** 0.5
    half = float(t.ppf(0.5 + level / 2, len(values) - 1)) * spread / len(values) ** 0.5
    return centre - half, centre + half


CONFIDENCES = range(1, 6)


def calibration_rows(judgements: Sequence[Judgement]) -> tuple[tuple[int, int, int], ...]:
    """(confidence 1-5, judgements, correct) for each confidence anyone stated."""
    counts = {level: [0, 0] for level in CONFIDENCES}
    for j in judgements:
        if j.confidence in counts:
            counts[j.confidence][0] += 1
            counts[j.confidence][1] += j.correct
    return tuple((level, n, c) for level, (n, c) in counts.items() if n)


def study_table(judgements: Sequence[Judgement]) -> StudyTable:
    """Every figure of the study's table for these judgements."""
    n = len(judgements)
    correct = sum(j.correct for j in judgements)
    ai = [j for j in judgements if j.truth == AI]
    human = [j for j in judgements if j.truth == HUMAN]
    hits = sum(j.guess == AI for j in ai)
    false_alarms = sum(j.guess == AI for j in human)
    ci = wilson_interval(correct, n) if n else (None, None)
    ai_ratings = [float(j.quality) for j in ai if j.quality is not None]
    human_ratings = [float(j.quality) for j in human if j.quality is not None]
    return StudyTable(
        n=n,
        correct=correct,
        accuracy=correct / n if n else None,
        p_value=binomial_p_value(correct, n) if n else None,
        ci_low=ci[0],
        ci_high=ci[1],
        ai_n=len(ai),
        ai_correct=hits,
        human_n=len(human),
        human_correct=len(human) - false_alarms,
        d_prime=d_prime(hits, len(ai), false_alarms, len(human)) if ai and human else None,
        mean_confidence=_mean(j.confidence for j in judgements),
        mean_quality_ai=_mean(j.quality for j in ai),
        mean_quality_human=_mean(j.quality for j in human),
        calibration=calibration_rows(judgements),
        quality_ai_ci=mean_interval(ai_ratings),
        quality_human_ci=mean_interval(human_ratings),
        quality_ai_n=len(ai_ratings),
        quality_human_n=len(human_ratings),
    )


@dataclass(frozen=True)
class LeaderboardRow:
    """One voter's record: judgements, correct answers and accuracy (0-1).

    `voter` is the platform-qualified id; `name` the display name, when known.
    """

    voter: str
    n: int
    correct: int
    name: str | None = None

    @property
    def accuracy(self) -> float:
        return self.correct / self.n

    @property
    def label(self) -> str:
        """How the voter is shown: their name, else their id."""
        return self.name or self.voter


def voter_scores(judgements: Iterable[Judgement]) -> list[LeaderboardRow]:
    """Each voter's score, in order of first appearance."""
    totals: dict[str, list[int]] = {}
    for j in judgements:
        counts = totals.setdefault(j.voter, [0, 0])
        counts[0] += 1
        counts[1] += j.correct
    return [LeaderboardRow(voter, n, correct) for voter, (n, correct) in totals.items()]


def leaderboard(
    judgements: Iterable[Judgement], min_judgements: int = DEFAULT_MIN_JUDGEMENTS
) -> list[LeaderboardRow]:
    """Voters with at least `min_judgements`, best accuracy first, then most judgements."""
    rows = [r for r in voter_scores(judgements) if r.n >= min_judgements]
    return sorted(rows, key=lambda r: (-r.accuracy, -r.n, r.voter))


def percent(value: float | None) -> str:
    """A proportion as the study wrote it, e.g. 0.575 -> '57.5%'; '–' when undefined."""
    return "–" if value is None else f"{value * 100:.1f}%"


def _number(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _p_value(value: float | None) -> str:
    if value is None:
        return "–"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def format_table(table: StudyTable) -> str:
    """The study table as aligned text lines (for chat, console and logs)."""
    ci = f"[{percent(table.ci_low)}, {percent(table.ci_high)}]" if table.ci_low is not None else "–"
    difference = table.quality_difference
    rows = [
        ("Judgements", str(table.n)),
        ("Detection accuracy", f"{percent(table.accuracy)} ({table.correct} of {table.n})"),
        ("Binomial test vs 50%", f"p = {_p_value(table.p_value)}"),
        ("95% CI (Wilson)", ci),
        (
            "Accuracy on AI items",
            f"{percent(table.ai_accuracy)} ({table.ai_correct} of {table.ai_n})",
        ),
        (
            "Accuracy on human items",
            f"{percent(table.human_accuracy)} ({table.human_correct} of {table.human_n})",
        ),
        ("d′ (log-linear)", _number(table.d_prime)),
        ("Mean confidence (1–5)", _number(table.mean_confidence, 1)),
        ("Mean quality AI (1–5)", _number(table.mean_quality_ai, 1)),
        ("Mean quality human (1–5)", _number(table.mean_quality_human, 1)),
        ("Quality AI − human", "–" if difference is None else f"{difference:+.1f}"),
    ]
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label.ljust(width)}  {value}" for label, value in rows)


def format_leaderboard(rows: Sequence[LeaderboardRow], min_judgements: int) -> str:
    """A numbered leaderboard, or a line saying nobody has enough judgements yet."""
    if not rows:
        return f"No one has {min_judgements} or more judgements yet."
    width = max(len(r.label) for r in rows)
    return "\n".join(
        f"{rank}. {r.label.ljust(width)}  {percent(r.accuracy)} ({r.correct} of {r.n})"
        for rank, r in enumerate(rows, start=1)
    )


def votes_csv(rows: Iterable[Mapping[str, object]], columns: Sequence[str]) -> str:
    """Rows as CSV text with a header line; missing values are empty cells (see `csv_text`)."""
    return csv_text(([row.get(c) for c in columns] for row in rows), columns)


def csv_text(rows: Iterable[Sequence[object]], columns: Sequence[str]) -> str:
    """Rows (values in the order of `columns`) as CSV text with a header line.

    Every cell is quoted (csv.QUOTE_ALL) and text cells are neutralised by `csv_cell`,
    so no cell can start a new row or run as a spreadsheet formula.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(columns)
    # Numbers go as they are (None is an empty cell to the csv module); only text is looked at.
    writer.writerows([csv_cell(v) if v.__class__ is str else v for v in row] for row in rows)
    return buffer.getvalue()


_CONTROL_CHARACTERS = str.maketrans({c: " " for c in [*map(chr, range(32)), "\x7f"]})
_SAFE_FIRST = frozenset(" =+-@\t\r")  # a first character that needs a closer look


def csv_cell(value: object) -> object:
    """One CSV cell: None empty; in text, control characters (a CR or LF would start a new
    row in a spreadsheet) become spaces, and text that would run as a formula (= + - @
    tab CR, also after leading spaces) gets a leading apostrophe."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    if value and value[0] not in _SAFE_FIRST and value.isprintable():
        return value  # the common case, decided in two checks
    if value.lstrip().startswith(FORMULA_STARTS) or value.startswith(FORMULA_STARTS):
        return "'" + value.translate(_CONTROL_CHARACTERS)
    return value.translate(_CONTROL_CHARACTERS)
