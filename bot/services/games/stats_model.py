"""A cluster-aware estimate of detection accuracy: logistic GEE, clustered by participant.

Votes of one participant are correlated (the same ear, the same strategy). A
generalised estimating equation with a logit link, an intercept only and an
exchangeable working correlation within each participant gives the accuracy
with a robust (sandwich) 95% CI and a Wald p-value against 50%, which stay
honest when a few members cast most of the votes.

Public API: `ClusteredAccuracy`, `clustered_accuracy`, `MODEL_LINE`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import expit
from scipy.stats import norm
from statsmodels.genmod.cov_struct import Exchangeable
from statsmodels.genmod.families import Binomial
from statsmodels.genmod.generalized_estimating_equations import GEE

from bot.services.games.stats import CI_LEVEL, Judgement

MODEL_LINE = "Model: logistic GEE, exchangeable correlation within participant, robust 95% CI."


@dataclass(frozen=True)
class ClusteredAccuracy:
    """Accuracy (0-1) with its cluster-aware CI and two-sided p-value against 50%."""

    accuracy: float
    ci_low: float
    ci_high: float
    p_value: float


def clustered_accuracy(judgements: Sequence[Judgement]) -> ClusteredAccuracy | None:
    """The GEE estimate; None when it cannot be fitted (all right, all wrong, or no votes)."""
    correct = np.fromiter((j.correct for j in judgements), dtype=float, count=len(judgements))
    if not len(correct) or correct.min() == correct.max():
        return None
    voters = {voter: i for i, voter in enumerate(dict.fromkeys(j.voter for j in judgements))}
    groups = np.fromiter((voters[j.voter] for j in judgements), dtype=int, count=len(judgements))
    model = GEE(
        correct, np.ones((len(correct), 1)), groups, family=Binomial(), cov_struct=Exchangeable()
    )
    with warnings.catch_warnings():  # e.g. one vote per participant: nothing to correlate
        warnings.simplefilter("ignore")
        fit = model.fit()
    logit = float(fit.params[0])
    se = float(fit.bse[0])
    z = float(norm.ppf(0.5 + CI_LEVEL / 2))
    return ClusteredAccuracy(
        accuracy=float(expit(logit)),
        ci_low=float(expit(logit - z * se)),
        ci_high=float(expit(logit + z * se)),
        p_value=float(fit.pvalues[0]),
    )
