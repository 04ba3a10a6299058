"""Logging, set up once by the launcher: one handler on stderr, library chatter quietened,
and secrets masked.

Chat libraries put the bot token in what they log: Telegram's API URLs contain it
(`https://api.telegram.org/bot<TOKEN>/getMe`), and an HTTP error's traceback shows
the URL. `RedactSecrets` sits on the handler, so it sees every record that reaches
it, whichever logger made it, and masks the given values in the message, its
arguments, the exception text and the stack: in any letter case, and in their
URL-encoded forms (`%3A` for `:`, in upper or lower case hex), since a URL in an
error may carry the token encoded.

Public API: `configure_logging`, `RedactSecrets`, `MASK`, `NOISY_LOGGERS`.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

MASK = "***"
# Libraries that log every request or heartbeat at INFO.
NOISY_LOGGERS = (
    "discord",
    "discord.http",
    "discord.gateway",
    "telegram",
    "telegram.ext",
    "httpx",
    "httpcore",
    "aiosqlite",
    "matplotlib",
    "PIL",
    "asyncio",
)
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactSecrets(logging.Filter):
    """Replace each secret value in a record's text with `MASK` (never drops a record)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        # Longest first, so a secret that contains another is masked whole.
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)
        forms = {form for secret in self.secrets for form in _forms(secret) if form}
        self._pattern = (
            re.compile(
                "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)),
                re.IGNORECASE,
            )
            if forms
            else None
        )

    def redact(self, text: str) -> str:
        return self._pattern.sub(MASK, text) if self._pattern else text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        # The message with its arguments merged, masked, then frozen so no later
        # formatting brings an argument back.
        try:
            message = record.getMessage()
        except Exception:  # arguments that do not fit the format: keep both, masked
            message = f"{record.msg} {record.args!r}"
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def _forms(secret: str) -> set[str]:
    """The secret as it may appear in a log: as is, and URL-encoded (path or query style)."""
    return {secret, quote(secret, safe=""), quote_plus(secret, safe="")}


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    """One handler on stderr at `level` (a logging level name); library chatter only from
    WARNING up; `secrets` (the tokens) masked in every line."""
    logging.basicConfig(level=level.upper(), stream=sys.stderr, format=FORMAT)
    redact = RedactSecrets(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
