"""Who is asking: a platform-qualified member with a role.

Front ends build an `Actor` from the platform event (its member id, display
name and whether the platform says the member administers the chat); the
services decide from the actor's role what it may do. No service takes an
`is_admin` flag.

Public API: `Actor`, `Role`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a member may do in a chat: members play; admins also moderate and export."""

    MEMBER = "member"
    ADMIN = "admin"


@dataclass(frozen=True)
class Actor:
    """A member acting in a chat.

    `id` is qualified by platform (`discord:123`, `telegram:456`, `console:ann`);
    `name` is the display name on that platform, when known.
    """

    id: str
    name: str | None = None
    role: Role = Role.MEMBER

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN
