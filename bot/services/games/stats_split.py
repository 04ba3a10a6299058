"""Results split by the members' profiles (`/guess results by:experience` or `by:role`).

Each group (a level of the scale, then members with no profile) gets its accuracy
with a 95% Wilson CI, its participants and judgements. The CI is the pooled one
within the group; the split is descriptive, for comparing with the study's
producers of a year or more, not a test.

Public API: `split_lines`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.services.games.profiles import NO_PROFILE, PROFILE_FIELDS
from bot.services.games.stats import Judgement, percent, wilson_interval


def split_lines(
    judgements: Sequence[Judgement], groups: Mapping[str, str], field: str
) -> list[str]:
    """The split by `field` ('experience' or 'role'); `groups` maps voters to their level.

    Voters missing from `groups` are in the NO_PROFILE group. Empty groups are left out.
    """
    order = (*PROFILE_FIELDS[field], NO_PROFILE)
    members: dict[str, set[str]] = {level: set() for level in order}
    counts = {level: [0, 0] for level in order}
    for j in judgements:
        level = groups.get(j.voter, NO_PROFILE)
        members[level].add(j.voter)
        counts[level][0] += 1
        counts[level][1] += j.correct
    width = max(len(level) for level in order)
    lines = [f"By {field}: accuracy (95% CI), participants, judgements"]
    for level in order:
        n, correct = counts[level]
        if not n:
            continue
        low, high = wilson_interval(correct, n)
        people = len(members[level])
        lines.append(
            f"  {level.ljust(width)}  {percent(correct / n)} ({percent(low)}–{percent(high)}), "
            f"{people} participant{'s' * (people != 1)}, {n} judgement{'s' * (n != 1)}"
        )
    if len(lines) == 1:
        lines.append("  no judgements yet")
    return lines
