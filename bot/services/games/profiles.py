"""Members' profiles (`/guess profile`): the study's one optional question, and splits by it.

Experience and role are ordered scales, least first, so a chat's settings can ask for
"at least 1-3y" or "at least musician" (the study surveyed producers with at least a
year of experience). A member may answer again: the new answer replaces the old one,
and the reply says what it was.

Public API: `EXPERIENCES`, `ROLES`, `PROFILE_FIELDS`, `set_profile`, `meets_minimum`,
`NO_PROFILE`.
"""

from __future__ import annotations

from datetime import datetime

from bot.services.actor import Actor
from bot.store import ProfileRow, Store

EXPERIENCES: tuple[str, ...] = ("none", "hobby", "1-3y", "3y+")  # least first
ROLES: tuple[str, ...] = ("listener", "musician", "producer")  # least first
PROFILE_FIELDS: dict[str, tuple[str, ...]] = {"experience": EXPERIENCES, "role": ROLES}
NO_PROFILE = "no profile"  # the group of members who never answered, in splits


async def set_profile(
    store: Store, now: datetime, actor: Actor, *, experience: str, role: str
) -> str:
    """Store `actor`'s answer (values already checked against the options table); one line."""
    earlier = await store.profiles.set(actor.id, experience=experience, role=role, now=now)
    stated = f"experience {experience}, role {role}"
    if earlier is None:
        return (
            f"Your profile is set: {stated}. It is used only to split the study's results; "
            "/guess forget_me deletes it."
        )
    if (earlier.experience, earlier.role) == (experience, role):
        return f"Your profile was already set to {stated}; nothing changed."
    return (
        f"Your profile is updated: {stated} "
        f"(was experience {earlier.experience}, role {earlier.role})."
    )


def rank(field: str, value: str) -> int:
    """Where `value` stands on its scale (0 = least)."""
    return PROFILE_FIELDS[field].index(value)


def meets_minimum(
    profile: ProfileRow | None, min_experience: str | None, min_role: str | None
) -> bool:
    """Whether a member's votes count under a chat's minimum profile (None: no minimum).

    With a minimum set, a member who never answered does not count.
    """
    if min_experience is None and min_role is None:
        return True
    if profile is None:
        return False
    return (
        min_experience is None
        or rank("experience", profile.experience) >= rank("experience", min_experience)
    ) and (min_role is None or rank("role", profile.role) >= rank("role", min_role))
