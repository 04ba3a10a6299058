"""The one place that maps exceptions to the message a user sees.

Expected failures are `UserError`s (or the engine's `ParamError` and
`MidiRejected`): their text is the one-line answer. Anything else is a bug:
it is logged with its traceback and the user gets a short apology.
"""

from __future__ import annotations

import logging

from bot.config import BadSetting
from engine.errors import MidiRejected, ParamError

log = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong on our side. It has been logged; please try again."


class UserError(Exception):
    """An expected failure whose `str()` is a one-line message for the user."""


class Busy(UserError):
    """The job queue is full."""


class JobFailed(UserError):
    """A job timed out or crashed its worker; other jobs are unaffected."""


class GameError(UserError):
    """A game rule was broken: no open game, one already open, voting after close…"""


class NotPermitted(UserError):
    """Only the game's starter or an admin may do this."""


class StartupError(UserError):
    """A front end cannot start for a reason the operator can fix (a refused or missing token).

    `str()` is the one line `python -m bot` prints before it exits.
    """


class CoolingDown(UserError):
    """Too many requests from one member; `retry_after` is in seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"You're going too fast. Try again in {retry_after:.0f} s.")
        self.retry_after = retry_after


EXPECTED: tuple[type[BaseException], ...] = (UserError, ParamError, MidiRejected, BadSetting)


def user_message(error: BaseException) -> str:
    """The one-line text to show for an exception; unexpected ones are logged with traceback."""
    if isinstance(error, EXPECTED):
        return str(error)
    log.error("unexpected error", exc_info=error)
    return APOLOGY


def is_expected(error: BaseException) -> bool:
    """True for failures caused by the user's input or by load, not by a bug."""
    return isinstance(error, EXPECTED)
