"""Per-participant figures: one member casts many votes, so the member is the unit.

The pooled binomial test of `stats` treats every judgement as independent; here
each participant's accuracy and d′ are computed, and the test is across
participants (a one-sample t-test and a Wilcoxon signed-rank test of their
accuracies against 50%). With fewer than MIN_PARTICIPANTS participants or
MIN_JUDGEMENTS judgements nothing is tested; the analysis says so instead.

Public API: `ParticipantScore`, `ParticipantAnalysis`, `participant_scores`,
`analyse_participants`, `MIN_PARTICIPANTS`, `MIN_JUDGEMENTS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean

from scipy.stats import ttest_1samp, wilcoxon

from bot.services.games.stats import AI, CHANCE, HUMAN, Judgement, d_prime

MIN_PARTICIPANTS = 5
MIN_JUDGEMENTS = 20


@dataclass(frozen=True)
class ParticipantScore:
    """One participant's judgements: count, correct, accuracy (0-1) and d′ (log-linear)."""

    voter: str
    n: int
    correct: int
    d_prime: float | None

    @property
    def accuracy(self) -> float:
        return self.correct / self.n


@dataclass(frozen=True)
class ParticipantAnalysis:
    """Across participants: their scores, and tests of their mean accuracy against 50%.

    `too_few` is the line shown instead of tests below the minimums (None when tested).
    Accuracies are 0-1; p-values two-sided.
    """

    scores: tuple[ParticipantScore, ...]
    judgements: int
    too_few: str | None
    mean_accuracy: float | None = None
    t_statistic: float | None = None
    t_p_value: float | None = None
    wilcoxon_p_value: float | None = None


def participant_scores(judgements: Sequence[Judgement]) -> list[ParticipantScore]:
    """Each participant's score, in order of first judgement."""
    by_voter: dict[str, list[Judgement]] = {}
    for j in judgements:
        by_voter.setdefault(j.voter, []).append(j)
    scores = []
    for voter, own in by_voter.items():
        ai = [j for j in own if j.truth == AI]
        human = [j for j in own if j.truth == HUMAN]
        sensitivity = (
            d_prime(
                sum(j.guess == AI for j in ai),
                len(ai),
                sum(j.guess == AI for j in human),
                len(human),
            )
            if ai and human
            else None
        )
        scores.append(ParticipantScore(voter, len(own), sum(j.correct for j in own), sensitivity))
    return scores


def too_few_line(participants: int, judgements: int) -> str | None:
    """The line shown instead of tests when below the minimums; None when enough."""
    if participants >= MIN_PARTICIPANTS and judgements >= MIN_JUDGEMENTS:
        return None
    return (
        f"Too few to test: {participants} participants and {judgements} judgements "
        f"(tests need at least {MIN_PARTICIPANTS} participants and {MIN_JUDGEMENTS} judgements)."
    )


def analyse_participants(judgements: Sequence[Judgement]) -> ParticipantAnalysis:
    """Scores per participant and, above the minimums, tests across them against 50%."""
    scores = tuple(participant_scores(judgements))
    too_few = too_few_line(len(scores), len(judgements))
    if too_few is not None:
        return ParticipantAnalysis(scores, len(judgements), too_few)
    accuracies = [s.accuracy for s in scores]
    t_test = ttest_1samp(accuracies, CHANCE)
    differences = [a - CHANCE for a in accuracies]
    # Wilcoxon is undefined when every participant sits exactly at 50%.
    signed = wilcoxon(differences).pvalue if any(differences) else None
    return ParticipantAnalysis(
        scores,
        len(judgements),
        None,
        mean_accuracy=fmean(accuracies),
        t_statistic=float(t_test.statistic),
        t_p_value=float(t_test.pvalue),
        wilcoxon_p_value=None if signed is None else float(signed),
    )
