"""The one place that maps exceptions to the message a user sees.

Expected failures are `UserError`s (or the engine's `ParamError` and
`MidiRejected`): their text is the one-line answer. Anything else is a bug:
it is logged with its traceback and the user gets a short apology.
"""

from __future__ import annotations

import logging
import re

from bot.config import BadSetting
from engine.errors import MidiRejected, ParamError

log = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong on our side. It has been logged; please try again."
# A safety net, not the rule: messages quote user text short where they are built
# (`engine.params.schema.quoted`); one that still runs long is cut here, so no reply
# can outgrow a platform's limit or carry a control character.
MAX_ANSWER_CHARS = 600
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


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


class StorageFull(UserError):
    """The database's disk is full: the write was not saved; reading still works."""

    def __init__(self) -> None:
        super().__init__(
            "Storage full: this could not be saved. Listening and results still work; "
            "the bot's operator has been told."
        )


class CoolingDown(UserError):
    """Too many requests from one member; `retry_after` is in seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"You're going too fast. Try again in {retry_after:.0f} s.")
        self.retry_after = retry_after


EXPECTED: tuple[type[BaseException], ...] = (UserError, ParamError, MidiRejected, BadSetting)


def user_message(error: BaseException) -> str:
    """The one-line text to show for an exception; unexpected ones are logged with traceback."""
    if isinstance(error, EXPECTED):
        return one_line(str(error))
    log.error("unexpected error", exc_info=error)
    return APOLOGY


def one_line(text: str, limit: int = MAX_ANSWER_CHARS) -> str:
    """`text` as one line: control characters (line breaks too) become spaces, and it is
    cut to `limit` characters with '…'."""
    flat = _CONTROL.sub(" ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def is_expected(error: BaseException) -> bool:
    """True for failures caused by the user's input or by load, not by a bug."""
    return isinstance(error, EXPECTED)
